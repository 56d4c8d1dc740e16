package io.tributary.annotation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.tributary.api.ProcessorDefinition;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import io.tributary.window.AggregateFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WindowedAggregationAnnotationTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "ticks.topic", "stock_ticker_dedup",
            "window.size", "10m",
            "window.functions", "max(price),count");

    /** Resolves a whole-value {@code ${key}} from {@link #PROPERTIES}; leaves other text as it is. */
    private static final UnaryOperator<String> RESOLVER = text -> text.startsWith("${") && text.endsWith("}")
            ? PROPERTIES.get(text.substring(2, text.length() - 1))
            : text;

    static class Charts {

        @WindowedAggregation(name = "max-price-tumbling", sources = "${ticks.topic}", output = "window-results",
                keyField = "symbol", timestampField = "timestamp", size = "${window.size}", maxOutOfOrderness = "3m",
                lateTopic = "stock_ticker_late", aggregations = "${window.functions}")
        void maxPrice() {
        }

        @WindowedAggregation(name = "avg-price-sliding", sources = "stock_ticker_dedup", output = "sliding-results",
                keyField = "symbol", timestampField = "timestamp", window = WindowType.SLIDING, size = "10m",
                slide = "5m", aggregations = { "avg(price)", "min(price)" })
        void avgPrice() {
        }
    }

    /** A user function: the price range of the window, its accumulator a small record stored as JSON. */
    record Range(long low, long high) {
    }

    static final class RangeFunction implements AggregateFunction<JsonNode, Range, Map<String, Long>> {

        @Override
        public Range createAccumulator() {
            return new Range(Long.MAX_VALUE, Long.MIN_VALUE);
        }

        @Override
        public Range add(JsonNode value, Range accumulator) {
            long price = value.get("price").asLong();
            return new Range(Math.min(accumulator.low(), price), Math.max(accumulator.high(), price));
        }

        @Override
        public Map<String, Long> getResult(Range accumulator) {
            return Map.of("range", accumulator.high() - accumulator.low());
        }

        @Override
        public Range merge(Range a, Range b) {
            return new Range(Math.min(a.low(), b.low()), Math.max(a.high(), b.high()));
        }
    }

    static class Ranges {

        @WindowedAggregation(name = "price-range", sources = "stock_ticker_dedup", output = "ranges",
                keyField = "symbol", timestampField = "timestamp", window = WindowType.SESSION, gap = "5m",
                accumulator = Range.class)
        AggregateFunction<JsonNode, Range, Map<String, Long>> range() {
            return new RangeFunction();
        }
    }

    @Test
    void turnsEachAnnotatedMethodIntoAWindowDefinitionWithPlaceholdersResolved() {
        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors.definitionsOf(new Charts(),
                RESOLVER);

        assertThat(definitions).extracting(ProcessorDefinition::name)
                .containsExactly("avg-price-sliding", "max-price-tumbling");
        assertThat(definitions.get(1).sources()).containsExactly("stock_ticker_dedup");
    }

    @Test
    void firesTheTumblingWindowWithTheAnnotatedAggregations() {
        try (ProcessorTestDriver<String, JsonNode, Object> driver = driver(new Charts(), "max-price-tumbling")) {
            pipe(driver, "AMZN", "10:03:07.250Z", 187);
            pipe(driver, "AMZN", "10:07:00Z", 190);
            pipe(driver, "GOOG", "10:09:30Z", 140);
            assertThat(driver.readOutput()).isEmpty();

            driver.advanceWatermark(Instant.parse("2026-11-21T10:09:59.999Z"));

            assertThat(driver.readOutput()).extracting(TestRecord::topic, r -> r.value().toString()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("window-results", "{\"symbol\":\"AMZN\","
                            + "\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                            + "\"max_price\":190,\"count\":2}"),
                    org.assertj.core.groups.Tuple.tuple("window-results", "{\"symbol\":\"GOOG\","
                            + "\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                            + "\"max_price\":140,\"count\":1}"));
        }
    }

    @Test
    void firesOverlappingSlidingWindows() {
        try (ProcessorTestDriver<String, JsonNode, Object> driver = driver(new Charts(), "avg-price-sliding")) {
            pipe(driver, "AMZN", "10:07:00Z", 190);
            pipe(driver, "AMZN", "10:08:00Z", 180);
            driver.advanceWatermark(Instant.parse("2026-11-21T10:14:59.999Z"));

            // 10:07 and 10:08 are both in [10:00,10:10) and [10:05,10:15)
            assertThat(driver.readOutput()).extracting(r -> r.value().toString()).containsExactly(
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\","
                            + "\"window_end\":\"2026-11-21T10:10:00Z\",\"avg_price\":185.0,\"min_price\":180}",
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:05:00Z\","
                            + "\"window_end\":\"2026-11-21T10:15:00Z\",\"avg_price\":185.0,\"min_price\":180}");
        }
    }

    @Test
    void runsTheAggregateFunctionTheMethodReturns() {
        try (ProcessorTestDriver<String, JsonNode, Object> driver = driver(new Ranges(), "price-range")) {
            pipe(driver, "AMZN", "10:00:00Z", 187);
            pipe(driver, "AMZN", "10:03:00Z", 181);
            pipe(driver, "AMZN", "10:06:00Z", 195);
            driver.advanceWatermark(Instant.parse("2026-11-21T10:10:59.999Z"));

            assertThat(driver.readOutput()).extracting(r -> r.value().toString()).containsExactly(
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\","
                            + "\"window_end\":\"2026-11-21T10:11:00Z\",\"range\":14}");
        }
    }

    static class SlidingWithoutSlide {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol",
                window = WindowType.SLIDING, size = "10m", aggregations = "count")
        void windows() {
        }
    }

    static class SessionWithoutGap {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol",
                window = WindowType.SESSION, aggregations = "count")
        void windows() {
        }
    }

    static class TumblingWithoutSize {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", aggregations = "count")
        void windows() {
        }
    }

    static class UnknownFunction {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "1m",
                aggregations = { "count", "median(price)" })
        void windows() {
        }
    }

    static class MaxWithoutField {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "1m",
                aggregations = "max")
        void windows() {
        }
    }

    static class BothAggregationsAndFunction {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "1m",
                aggregations = "count", accumulator = Range.class)
        AggregateFunction<JsonNode, Range, Map<String, Long>> range() {
            return new RangeFunction();
        }
    }

    static class FunctionWithoutAccumulator {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "1m")
        AggregateFunction<JsonNode, Range, Map<String, Long>> range() {
            return new RangeFunction();
        }
    }

    static class NoAggregation {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "1m")
        void windows() {
        }
    }

    static class BadDuration {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "10",
                aggregations = "count")
        void windows() {
        }
    }

    static class ProcessingTimeWithTimestampField {
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "symbol", size = "1m",
                timestampField = "timestamp", processingTime = true, aggregations = "count")
        void windows() {
        }
    }

    @Test
    void refusesBadAttributeCombinationsNamingTheProcessorAndTheFix() {
        String where = "@WindowedAggregation 'bad' on ";
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new SlidingWithoutSlide()))
                .withMessageStartingWith(where + SlidingWithoutSlide.class.getName() + ".windows()")
                .withMessageContaining("SLIDING windows need a slide").withMessageContaining("slide = \"1m\"");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new SessionWithoutGap()))
                .withMessageContaining(where).withMessageContaining("SESSION windows need a gap");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new TumblingWithoutSize()))
                .withMessageContaining(where).withMessageContaining("TUMBLING windows need a size");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new UnknownFunction()))
                .withMessageContaining(where)
                .withMessageContaining("aggregations entry 'median(price)' uses unknown function 'median'")
                .withMessageContaining("count, sum(field), min(field), max(field), avg(field)");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new MaxWithoutField()))
                .withMessageContaining("aggregations entry 'max': max needs a field; write e.g. 'max(price)'");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new BothAggregationsAndFunction()))
                .withMessageContaining(where).withMessageContaining("aggregations [count] are set and the method returns");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new FunctionWithoutAccumulator()))
                .withMessageContaining("set accumulator = <its accumulator class>.class");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new NoAggregation()))
                .withMessageContaining("no aggregation: set aggregations");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new BadDuration()))
                .withMessageContaining("size '10' is not a duration; write e.g. 500ms");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new ProcessingTimeWithTimestampField()))
                .withMessageContaining("timestampField 'timestamp' is set with processingTime = true");
    }

    static class SharedName {
        @KeyedProcessor(name = "same", sources = "in")
        void process(JsonNode value, io.tributary.api.ProcessContext<String, Object> ctx) {
        }

        @WindowedAggregation(name = "same", sources = "in", output = "out", keyField = "symbol", size = "1m",
                aggregations = "count")
        void windows() {
        }
    }

    @Test
    void refusesAWindowedAggregationNamedLikeAKeyedProcessorOfTheBean() {
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new SharedName()))
                .withMessageContaining("processor name 'same' is used twice");
    }

    @SuppressWarnings("unchecked")
    private static ProcessorTestDriver<String, JsonNode, Object> driver(Object bean, String name) {
        ProcessorDefinition<String, ?, Object> definition = AnnotatedProcessors.definitionsOf(bean, RESOLVER).stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow();
        return ProcessorTestDriver.of((ProcessorDefinition<String, JsonNode, Object>) definition);
    }

    private static void pipe(ProcessorTestDriver<String, JsonNode, Object> driver, String symbol, String time,
            long price) {
        Instant timestamp = Instant.parse("2026-11-21T" + time);
        ObjectNode tick = JsonNodeFactory.instance.objectNode().put("symbol", symbol).put("price", price)
                .put("timestamp", timestamp.toString());
        driver.pipe(symbol, tick, timestamp);
    }
}
