package io.tributary.api;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProcessorOverridesTest {

    @Test
    void overridesApplyToTheirProcessorOnly() {
        TributaryConfig config = base().processorOverrides("slow", ProcessorOverrides.none().withThreads(3)
                .withCommitInterval(Duration.ofSeconds(2)).withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE)).build();

        TributaryConfig slow = config.forProcessor("slow");
        assertThat(slow.threadsPerProcessor()).isEqualTo(3);
        assertThat(slow.commitInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(slow.guarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
        assertThat(slow.instanceId()).isEqualTo(config.instanceId());
        assertThat(config.forProcessor("other")).isSameAs(config);
        assertThat(config.threadsPerProcessor()).isEqualTo(1);
    }

    @Test
    void unsetFieldsKeepTheInstanceWideSettings() {
        TributaryConfig config = base().commitInterval(Duration.ofMillis(250))
                .processorOverrides("slow", ProcessorOverrides.none().withThreads(2)).build();

        assertThat(config.forProcessor("slow").commitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.forProcessor("slow").guarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
    }

    @Test
    void badValuesNameTheProcessorsProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> base().processorOverrides("slow", ProcessorOverrides.none().withThreads(0)))
                .withMessageContaining("tributary.processors.slow.threads must be at least 1, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> base().processorOverrides("slow",
                        ProcessorOverrides.none().withCommitInterval(Duration.ZERO)))
                .withMessageContaining("tributary.processors.slow.commit-interval must be positive");
    }

    @Test
    void overrideOfAnUnknownProcessorFailsNamingTheProcessors() {
        TributaryConfig config = base().processorOverrides("typo", ProcessorOverrides.none()).build();

        assertThatIllegalArgumentException().isThrownBy(() -> Tributary.create(config, List.of(definition("orders"))))
                .withMessageContaining("tributary.processors.typo names no processor")
                .withMessageContaining("[orders]");
    }

    @Test
    void disabledProcessorDoesNotRun() {
        TributaryConfig config = base().processorOverrides("payments", ProcessorOverrides.none().withEnabled(false))
                .build();

        try (Tributary tributary = Tributary.create(config, List.of(definition("orders"), definition("payments")))) {
            assertThat(tributary.status()).containsOnlyKeys("orders");
        }
    }

    private static TributaryConfig.Builder base() {
        return TributaryConfig.builder("app").bootstrapServers("localhost:1").stateBackend(StateBackend.IN_MEMORY);
    }

    private static ProcessorDefinition<String, tools.jackson.databind.JsonNode, tools.jackson.databind.JsonNode> definition(
            String name) {
        return ProcessorDefinition.json(name).source(name + "-in").output(name + "-out")
                .function(() -> (value, context) -> context.emit(value)).build();
    }
}
