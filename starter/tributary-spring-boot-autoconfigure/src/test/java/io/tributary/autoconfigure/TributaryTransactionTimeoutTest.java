package io.tributary.autoconfigure;

import java.time.Duration;

import io.tributary.api.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary.commit-interval} against the producers' {@code transaction.timeout.ms}. */
class TributaryTransactionTimeoutTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class))
            .withPropertyValues("tributary.state-backend=in-memory", "tributary.instance-id=a");

    @Test
    void transactionTimeoutFollowsTheCommitIntervalsWhenNotSet() {
        runner.withPropertyValues("tributary.commit-interval=15s", "tributary.processors.orders.commit-interval=1m")
                .run(context -> {
                    TributaryConfig config = context.getBean(TributaryConfig.class);
                    assertThat(config.transactionTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(config.forProcessor("orders").transactionTimeout()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void transactionTimeoutSetInSpringKafkaPropertiesIsUsed() {
        runner.withPropertyValues("spring.kafka.properties[producer.transaction.timeout.ms]=120000",
                "tributary.commit-interval=30s")
                .run(context -> assertThat(context.getBean(TributaryConfig.class).transactionTimeout())
                        .isEqualTo(Duration.ofMinutes(2)));
    }

    @Test
    void commitIntervalNearTheSetTransactionTimeoutFailsStartupNamingBoth() {
        runner.withPropertyValues("spring.kafka.properties[producer.transaction.timeout.ms]=10000",
                "tributary.commit-interval=8s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tributary.commit-interval (PT8S) must be at most half of the producers' "
                                + "producer.transaction.timeout.ms (10000 ms)")
                        .hasMessageContaining("spring.kafka.properties[producer.transaction.timeout.ms]"));
    }

    @Test
    void processorsCommitIntervalNearTheSetTransactionTimeoutFailsStartupNamingIt() {
        runner.withPropertyValues("spring.kafka.properties[producer.transaction.timeout.ms]=10000",
                "tributary.processors.orders.commit-interval=9s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tributary.processors.orders.commit-interval (PT9S) must be at most half"));
    }
}
