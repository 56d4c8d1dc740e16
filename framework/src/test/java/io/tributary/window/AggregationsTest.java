package io.tributary.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static io.tributary.window.Trades.json;
import static io.tributary.window.Trades.parse;
import static io.tributary.window.Trades.pipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The built-in aggregations, their combination and naming, and user aggregate functions. */
class AggregationsTest {

    private static ProcessorTestDriver<String, JsonNode, JsonNode> tumbling(WindowedAggregation.Builder builder) {
        return ProcessorTestDriver.of(builder.window(TumblingWindows.of(Duration.ofMinutes(10))).build());
    }

    private static final String WINDOW = "\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\"";

    @Test
    void computesCountSumMinMaxAndAverageOfANumericField() {
        try (var driver = tumbling(Trades.trades("all").aggregate(Aggregations.of(Aggregations.count(),
                Aggregations.sum("price"), Aggregations.min("price"), Aggregations.max("price"), Aggregations.avg("price"))))) {
            pipe(driver, "AMZN", at("10:01"), 10);
            pipe(driver, "AMZN", at("10:02"), 20);
            pipe(driver, "AMZN", at("10:03"), 1.5);
            // no price: counted, left out of sum, min, max and avg
            pipe(driver, parse("{\"symbol\":\"AMZN\",\"timestamp\":\"2026-11-21T10:04:00Z\"}"), at("10:04"));
            driver.advanceWatermark(at("10:10"));

            // sum 31.5, min 1.5, max 20 (an integer stays one), avg 31.5 / 3 = 10.5 over the records with a price
            assertThat(json(driver.readOutput())).containsExactly("{\"symbol\":\"AMZN\"," + WINDOW
                    + ",\"count\":4,\"sum_price\":31.5,\"min_price\":1.5,\"max_price\":20,\"avg_price\":10.5}");
        }
    }

    @Test
    void minAndMaxOfEqualNumbersDoNotDependOnArrivalOrder() {
        try (var driver = tumbling(Trades.trades("ties").aggregate(Aggregations.of(Aggregations.min("price"),
                Aggregations.max("price"))))) {
            pipe(driver, "A", at("10:01"), 5.0);
            pipe(driver, "A", at("10:02"), 5);
            pipe(driver, "B", at("10:01"), 5);
            pipe(driver, "B", at("10:02"), 5.0);
            driver.advanceWatermark(at("10:10"));

            // 5 and 5.0 tie; the smaller scale wins whichever came first, so windows merged from parts agree
            assertThat(json(driver.readOutput())).containsExactly(
                    "{\"symbol\":\"A\"," + WINDOW + ",\"min_price\":5,\"max_price\":5}",
                    "{\"symbol\":\"B\"," + WINDOW + ",\"min_price\":5,\"max_price\":5}");
        }
    }

    @Test
    void sumsExactly() {
        try (var driver = tumbling(Trades.trades("exact").aggregate(Aggregations.of(Aggregations.sum("price"),
                Aggregations.avg("price"))))) {
            pipe(driver, "A", at("10:01"), 0.1);
            pipe(driver, "A", at("10:02"), 0.2);
            pipe(driver, "B", at("10:01"), 1);
            pipe(driver, "B", at("10:02"), 2);
            driver.advanceWatermark(at("10:10"));

            assertThat(json(driver.readOutput())).containsExactly(
                    "{\"symbol\":\"A\"," + WINDOW + ",\"sum_price\":0.3,\"avg_price\":0.15}",
                    "{\"symbol\":\"B\"," + WINDOW + ",\"sum_price\":3,\"avg_price\":1.5}");
        }
    }

    @Test
    void namesResultFieldsAfterFunctionAndPathWithUnderscores() {
        try (var driver = tumbling(Trades.trades("nested").aggregate(Aggregations.max("company_info.employees_count")))) {
            pipe(driver, parse("{\"symbol\":\"AMZN\",\"timestamp\":\"2026-11-21T10:01:00Z\","
                    + "\"company_info\":{\"name\":\"Amazon.com Inc\",\"employees_count\":1525000}}"), at("10:01"));
            pipe(driver, parse("{\"symbol\":\"AMZN\",\"timestamp\":\"2026-11-21T10:02:00Z\"}"), at("10:02"));
            driver.advanceWatermark(at("10:10"));

            assertThat(json(driver.readOutput())).containsExactly(
                    "{\"symbol\":\"AMZN\"," + WINDOW + ",\"max_company_info_employees_count\":1525000}");
        }
        assertThat(Aggregations.of(Aggregations.avg("a.b"), Aggregations.count()).fieldNames())
                .containsExactly("avg_a_b", "count");
    }

    @Test
    void resultIsNullWhenNoRecordHadTheField() {
        try (var driver = tumbling(Trades.trades("none").aggregate(Aggregations.of(Aggregations.count(),
                Aggregations.sum("volume"), Aggregations.avg("volume"))))) {
            pipe(driver, "AMZN", at("10:01"), 1);
            driver.advanceWatermark(at("10:10"));

            assertThat(json(driver.readOutput())).containsExactly(
                    "{\"symbol\":\"AMZN\"," + WINDOW + ",\"count\":1,\"sum_volume\":null,\"avg_volume\":null}");
        }
    }

    @Test
    void deadLettersARecordWhoseFieldIsNotANumberWithoutChangingAnyWindow() {
        try (var driver = ProcessorTestDriver.of(Trades.trades("strict")
                .window(SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .aggregate(Aggregations.of(Aggregations.count(), Aggregations.max("price")))
                .build())) {
            pipe(driver, "AMZN", at("10:06"), 5);
            pipe(driver, parse("{\"symbol\":\"AMZN\",\"timestamp\":\"2026-11-21T10:07:00Z\",\"price\":\"n/a\"}"), at("10:07"));
            driver.advanceWatermark(at("11:00"));

            List<TestRecord<byte[], byte[]>> deadLetters = driver.readDeadLetters();
            assertThat(deadLetters).singleElement().satisfies(record -> assertThat(
                    record.header("kafka_dlt-exception-message"))
                    .contains("max(price) needs a number in field 'price', got \"n/a\""));
            assertThat(driver.readOutput()).extracting(r -> r.value().get("count").asInt()).containsExactly(1, 1);
        }
    }

    @Test
    void rejectsTwoAggregationsWritingTheSameField() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Aggregations.of(Aggregations.count(), Aggregations.max("price"), Aggregations.count()))
                .withMessageContaining("two aggregations writing field 'count'");
        assertThatIllegalStateException()
                .isThrownBy(() -> Trades.trades("clash").keyBy("count").window(TumblingWindows.of(Duration.ofMinutes(1)))
                        .aggregate(Aggregations.count()).build())
                .withMessageContaining("writes field 'count'");
    }

    /** The mean price, a user function with a record accumulator and a record result. */
    record MeanAccumulator(long sum, long count) {
    }

    record Mean(double mean, long samples) {
    }

    static final class MeanPrice implements AggregateFunction<JsonNode, MeanAccumulator, Mean> {

        @Override
        public MeanAccumulator createAccumulator() {
            return new MeanAccumulator(0, 0);
        }

        @Override
        public MeanAccumulator add(JsonNode value, MeanAccumulator accumulator) {
            return new MeanAccumulator(accumulator.sum() + value.get("price").longValue(), accumulator.count() + 1);
        }

        @Override
        public Mean getResult(MeanAccumulator accumulator) {
            return new Mean((double) accumulator.sum() / accumulator.count(), accumulator.count());
        }

        @Override
        public MeanAccumulator merge(MeanAccumulator a, MeanAccumulator b) {
            return new MeanAccumulator(a.sum() + b.sum(), a.count() + b.count());
        }
    }

    @Test
    void mergesTheFieldsOfAUserFunctionsObjectResult() {
        try (var driver = tumbling(Trades.trades("user").aggregate(new MeanPrice(), MeanAccumulator.class))) {
            pipe(driver, "AMZN", at("10:01"), 1);
            pipe(driver, "AMZN", at("10:02"), 2);
            driver.advanceWatermark(at("10:10"));

            assertThat(json(driver.readOutput())).containsExactly(
                    "{\"symbol\":\"AMZN\"," + WINDOW + ",\"mean\":1.5,\"samples\":2}");
        }
    }

    /** The prices in arrival order, merged in session order: shows which accumulator merge gets first. */
    static final class PriceList implements AggregateFunction<JsonNode, ArrayList<Long>, String> {

        @Override
        public ArrayList<Long> createAccumulator() {
            return new ArrayList<>();
        }

        @Override
        public ArrayList<Long> add(JsonNode value, ArrayList<Long> accumulator) {
            accumulator.add(value.get("price").longValue());
            return accumulator;
        }

        @Override
        public String getResult(ArrayList<Long> accumulator) {
            return accumulator.toString();
        }

        @Override
        public ArrayList<Long> merge(ArrayList<Long> a, ArrayList<Long> b) {
            a.addAll(b);
            return a;
        }
    }

    @Test
    void putsANonObjectResultUnderResultAndMergesSessionAccumulatorsInStartOrder() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<ArrayList<Long>> listType = (Class) ArrayList.class;
        try (var driver = ProcessorTestDriver.of(Trades.trades("list")
                .window(SessionWindows.withGap(Duration.ofMinutes(5)))
                .maxOutOfOrderness(Duration.ofMinutes(30))
                .aggregate(new PriceList(), listType)
                .build())) {
            pipe(driver, "AMZN", at("10:10"), 3);
            pipe(driver, "AMZN", at("10:00"), 1);
            pipe(driver, "AMZN", at("10:05"), 2);   // bridges [10:00,10:05) and [10:10,10:15): merge(early, late), then add
            driver.advanceWatermark(at("11:00"));

            assertThat(json(driver.readOutput())).containsExactly("{\"symbol\":\"AMZN\",\"window_start\":"
                    + "\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:15:00Z\",\"result\":\"[1, 3, 2]\"}");
        }
    }

    @Test
    void keepsKeyFieldsWithTheirJsonTypes() {
        try (var driver = tumbling(WindowedAggregation.builder("typed-key")
                .source(Trades.SOURCE)
                .output(Trades.OUTPUT)
                .keyBy("account.id", "venue")
                .eventTime("timestamp")
                .aggregate(Aggregations.count()))) {
            JsonNode tick = parse("{\"account\":{\"id\":42},\"venue\":\"XNAS\",\"timestamp\":\"2026-11-21T10:01:00Z\"}");
            driver.pipe(null, tick, at("10:01"));
            driver.advanceWatermark(at("10:10"));

            assertThat(driver.readOutput()).singleElement().satisfies(result -> {
                assertThat(result.key()).isEqualTo("42|XNAS");
                assertThat(result.value().toString()).isEqualTo("{\"account_id\":42,\"venue\":\"XNAS\"," + WINDOW + ",\"count\":1}");
            });
        }
    }
}
