package io.tributary.autoconfigure.health;

import java.util.Map;

import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.health.TributaryHealthIndicator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryHealthContributorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class,
                    TributaryHealthContributorAutoConfiguration.class));

    @Test
    void registersTheHealthIndicatorUnderTheNameTributary() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(TributaryHealthIndicator.class).hasBean("tributaryHealthIndicator");
            assertThat(context.getBean(TributaryHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void canBeDisabled() {
        runner.withPropertyValues("management.health.tributary.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TributaryHealthIndicator.class));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(TributaryHealthIndicator.class));
    }

    @Test
    void userDefinedIndicatorWins() {
        runner.withBean("userHealthIndicator", TributaryHealthIndicator.class, () -> new TributaryHealthIndicator(Map::of))
                .run(context -> assertThat(context).hasSingleBean(TributaryHealthIndicator.class)
                        .hasBean("userHealthIndicator"));
    }

    @Test
    void userDefinedIndicatorNamedTributaryWins() {
        runner.withBean("tributaryHealthIndicator", HealthIndicator.class, () -> () -> null)
                .run(context -> assertThat(context).doesNotHaveBean(TributaryHealthIndicator.class)
                        .hasBean("tributaryHealthIndicator"));
    }
}
