package io.tributary.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelectors;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.serde.Serdes;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.testing.ProcessorTestDriver;
import tools.jackson.databind.JsonNode;

/**
 * The test input of this package: JSON price ticks such as {@code {"symbol":"A","timestamp":"2026-01-01T00:00:01Z",
 * "price":1}}, keyed by {@code symbol}, timed by {@code timestamp}, with a string main output.
 *
 * <p>Also a way to push the task's write-back cache past its limit, so that the next commit drops every clean
 * entry and later reads must come back from the store: {@link #trimCache}.
 */
final class Ticks {

    static final String SOURCE = "ticks";
    static final String OUTPUT = "ticks-out";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Records of this key fill {@link #FLOOD} instead of reaching the function under test. */
    static final String FLOOD_KEY = "~cache-flood";

    private static final MapStateDescriptor<Long, Long> FLOOD =
            MapStateDescriptor.of("cache-flood", Serdes.longs(), Serdes.longs());

    private Ticks() {
    }

    static String json(String symbol, Instant timestamp, long price) {
        return "{\"symbol\":\"" + symbol + "\",\"timestamp\":\"" + timestamp + "\",\"price\":" + price + "}";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode tick(String symbol, Instant timestamp, long price) {
        return Serdes.jsonNode().deserialize(utf8(json(symbol, timestamp, price)));
    }

    /** A tick processor with source, output, key and event time set; the caller adds the function. */
    static ProcessorDefinition.Builder<String, JsonNode, String> processor(String name) {
        return ProcessorDefinition.builder(name, Serdes.string(), Serdes.jsonNode(), Serdes.string())
                .source(SOURCE)
                .output(OUTPUT)
                .key(KeySelectors.field("symbol"))
                .eventTime(EventTimeExtractors.field("timestamp"));
    }

    /** A driver (processing clock at {@link #T0}) running {@code function}, able to {@link #trimCache}. */
    static ProcessorTestDriver<String, JsonNode, String> driver(ProcessorDefinition.Builder<String, JsonNode, String> processor,
            KeyedProcessFunction<String, JsonNode, String> function) {
        return ProcessorTestDriver.of(processor.function(() -> trimmable(function)).build(), T0);
    }

    static void pipe(ProcessorTestDriver<String, JsonNode, ?> driver, String symbol, Instant timestamp, long price) {
        driver.pipe(null, tick(symbol, timestamp, price), timestamp);
    }

    /**
     * Commits, then makes the task hold more cached entries than {@link TaskOptions#maxCachedEntries()} and
     * commits again: the task then forgets every clean cached entry, so whatever is read next is read from the
     * store. The flood record carries {@link #T0}, so it moves no watermark past what tests use.
     */
    static void trimCache(ProcessorTestDriver<String, JsonNode, ?> driver) {
        driver.commit();
        pipe(driver, FLOOD_KEY, T0, 0);
        driver.commit();
    }

    private static <O> KeyedProcessFunction<String, JsonNode, O> trimmable(KeyedProcessFunction<String, JsonNode, O> function) {
        return new KeyedProcessFunction<>() {

            @Override
            public void open(OpenContext context) throws Exception {
                function.open(context);
            }

            @Override
            public void processElement(JsonNode value, ProcessContext<String, O> context) throws Exception {
                if (!FLOOD_KEY.equals(context.currentKey())) {
                    function.processElement(value, context);
                    return;
                }
                MapState<Long, Long> flood = context.state(FLOOD);
                long entries = TaskOptions.defaults().maxCachedEntries() + 1L;
                for (long i = 0; i < entries; i++) {
                    flood.put(i, i);
                }
            }

            @Override
            public void onTimer(TimerContext<String, O> context) throws Exception {
                function.onTimer(context);
            }
        };
    }
}
