package io.tributary.autoconfigure;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.StateBackend;
import io.tributary.api.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The lifecycle's running flag follows the runtime: a start that fails leaves nothing reported as running. */
class TributaryLifecycleTest {

    private static final TributaryConfig CONFIG = TributaryConfig.builder("test-app")
            .instanceId("test")
            .bootstrapServers("localhost:1")
            .stateBackend(StateBackend.IN_MEMORY)
            .build();

    @Test
    void aStartThatFailsLeavesTheLifecycleStoppedAndFailsAgainWhenRetried() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            // two processors of one name: the runtime refuses to be built
            context.registerBean("first", ProcessorDefinition.class, () -> passThrough("orders"));
            context.registerBean("second", ProcessorDefinition.class, () -> passThrough("orders"));
            context.refresh();
            TributaryLifecycle lifecycle = new TributaryLifecycle(CONFIG, context);

            assertThatIllegalArgumentException().isThrownBy(lifecycle::start).withMessageContaining("'orders'");
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(lifecycle.tributary()).isEmpty();
            assertThatIllegalArgumentException().as("retried, not skipped as if already running")
                    .isThrownBy(lifecycle::start);
        }
    }

    @Test
    void anApplicationWithoutProcessorsRunsWithoutARuntime() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.refresh();
            TributaryLifecycle lifecycle = new TributaryLifecycle(CONFIG, context);

            lifecycle.start();

            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.tributary()).isEmpty();
            lifecycle.stop();
            assertThat(lifecycle.isRunning()).isFalse();
        }
    }

    private static ProcessorDefinition<?, ?, ?> passThrough(String name) {
        return ProcessorDefinition.json(name)
                .source(name + "-in")
                .output(name + "-out")
                .function(() -> (value, context) -> context.emit(value))
                .build();
    }
}
