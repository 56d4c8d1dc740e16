package io.tributary.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.StateBackend;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;

/** A runtime with processors that is never started, so tests read real statuses without a broker. */
public final class UnstartedTributary {

    private UnstartedTributary() {
    }

    /** A runtime with one processor per name, each reading {@code <name>-in} and writing {@code <name>-out}. */
    public static Tributary withProcessors(String... names) {
        // A set id and in-memory state: nothing is kept in, or locked under, the default state directory.
        TributaryConfig config = TributaryConfig.builder("test-app")
                .instanceId("test")
                .bootstrapServers("localhost:1")
                .stateBackend(StateBackend.IN_MEMORY)
                .build();
        List<ProcessorDefinition<?, ?, ?>> definitions = new ArrayList<>();
        for (String name : names) {
            definitions.add(ProcessorDefinition.json(name)
                    .source(name + "-in")
                    .output(name + "-out")
                    .function(() -> (value, context) -> context.emit(value))
                    .build());
        }
        return Tributary.create(config, definitions);
    }
}
