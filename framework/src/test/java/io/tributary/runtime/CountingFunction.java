package io.tributary.runtime;

import io.tributary.api.KeySelectors;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.serde.Serdes;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;

/** Counts records per key and emits the running count: a key's outputs must read 1, 2, 3, ... exactly once each. */
final class CountingFunction implements KeyedProcessFunction<String, String, String> {

    static final ValueStateDescriptor<Long> COUNT = ValueStateDescriptor.of("count", Serdes.longs());

    private ValueState<Long> count;

    static ProcessorDefinition<String, String, String> definition(String name, String input, String output) {
        return ProcessorDefinition.builder(name, Serdes.string(), Serdes.string(), Serdes.string())
                .source(input)
                .key(KeySelectors.recordKey())
                .output(output)
                .function(CountingFunction::new)
                .build();
    }

    @Override
    public void open(OpenContext context) {
        count = context.state(COUNT);
    }

    @Override
    public void processElement(String value, ProcessContext<String, String> context) {
        Long current = count.value();
        long next = current == null ? 1 : current + 1;
        count.update(next);
        context.emit(Long.toString(next));
    }
}
