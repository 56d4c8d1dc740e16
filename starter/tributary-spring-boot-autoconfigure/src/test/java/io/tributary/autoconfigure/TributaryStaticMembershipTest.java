package io.tributary.autoconfigure;

import io.tributary.api.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary.static-membership.*}: off unless set, and no group.instance.id of the user's for every consumer. */
class TributaryStaticMembershipTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class))
            .withPropertyValues("tributary.state-backend=in-memory", "tributary.instance-id=pod-0");

    @Test
    void offByDefault() {
        runner.run(context -> {
            TributaryConfig config = context.getBean(TributaryConfig.class);
            assertThat(config.staticMembership()).isFalse();
            assertThat(config.leaveGroupOnClose()).isFalse();
        });
    }

    @Test
    void onWithLeaveGroupOnCloseWhenSet() {
        runner.withPropertyValues("tributary.static-membership.enabled=true",
                "tributary.static-membership.leave-group-on-close=true").run(context -> {
                    TributaryConfig config = context.getBean(TributaryConfig.class);
                    assertThat(config.staticMembership()).isTrue();
                    assertThat(config.leaveGroupOnClose()).isTrue();
                });
    }

    @Test
    void aGroupInstanceIdInSpringKafkaPropertiesFailsStartupNamingItAndTheFix() {
        runner.withPropertyValues("spring.kafka.properties.group.instance.id=pod-0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("spring.kafka.properties.group.instance.id must not be set (got 'pod-0')")
                        .hasMessageContaining("tributary.static-membership.enabled=true"));
        runner.withPropertyValues("spring.kafka.properties[consumer.group.instance.id]=pod-0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("consumer.group.instance.id must not be set in the Kafka properties")
                        .hasMessageContaining("tributary.static-membership.enabled=true"));
    }
}
