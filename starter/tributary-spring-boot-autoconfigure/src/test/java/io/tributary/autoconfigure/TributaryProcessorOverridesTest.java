package io.tributary.autoconfigure;

import java.time.Duration;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tributary.processors.<name>.*}: per-processor overrides of the instance-wide settings. */
class TributaryProcessorOverridesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class))
            .withPropertyValues("tributary.state-backend=in-memory");

    @Test
    void overridesApplyToTheNamedProcessorOnly() {
        runner.withPropertyValues("tributary.threads=2", "tributary.processors.orders.threads=4",
                "tributary.processors.orders.commit-interval=1s",
                "tributary.processors.orders.processing-guarantee=at-least-once").run(context -> {
                    TributaryConfig config = context.getBean(TributaryConfig.class);
                    TributaryConfig orders = config.forProcessor("orders");
                    assertThat(orders.threadsPerProcessor()).isEqualTo(4);
                    assertThat(orders.commitInterval()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(orders.guarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
                    TributaryConfig payments = config.forProcessor("payments");
                    assertThat(payments.threadsPerProcessor()).isEqualTo(2);
                    assertThat(payments.commitInterval()).isEqualTo(Duration.ofMillis(100));
                    assertThat(payments.guarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
                });
    }

    @Test
    void unsetOverridesKeepTheInstanceWideSettings() {
        runner.withPropertyValues("tributary.commit-interval=250ms", "tributary.processors.orders.enabled=true")
                .run(context -> {
                    TributaryConfig orders = context.getBean(TributaryConfig.class).forProcessor("orders");
                    assertThat(orders.commitInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(orders.threadsPerProcessor()).isEqualTo(1);
                    assertThat(context.getBean(TributaryConfig.class).processorOverrides().get("orders").enabled())
                            .isTrue();
                });
    }

    @Test
    void zeroThreadsFailsStartupNamingTheProcessorsProperty() {
        runner.withPropertyValues("tributary.processors.orders.threads=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tributary.processors.orders.threads must be at least 1, got 0"));
    }

    @Test
    void nonPositiveCommitIntervalFailsStartupNamingTheProcessorsProperty() {
        runner.withPropertyValues("tributary.processors.orders.commit-interval=0s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tributary.processors.orders.commit-interval must be positive"));
    }

    @Test
    void overrideOfAnUnknownProcessorFailsStartupNamingTheProcessors() {
        runner.withBean("orders", ProcessorDefinition.class, () -> definition("orders"))
                .withPropertyValues("tributary.processors.ordres.threads=2")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tributary.processors.ordres names no processor")
                        .hasMessageContaining("[orders]"));
    }

    @Test
    void disabledProcessorIsNotStarted() {
        runner.withBean("orders", ProcessorDefinition.class, () -> definition("orders"))
                .withPropertyValues("tributary.processors.orders.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(TributaryLifecycle.class).status()).isEmpty();
                });
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> definition(String name) {
        return ProcessorDefinition.json(name).source(name + "-in").output(name + "-out")
                .function(() -> (value, context) -> context.emit(value)).build();
    }
}
