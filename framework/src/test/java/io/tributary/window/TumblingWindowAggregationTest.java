package io.tributary.window;

import java.time.Duration;
import java.util.List;

import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static io.tributary.window.Trades.json;
import static io.tributary.window.Trades.pipe;
import static io.tributary.window.Trades.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sample contract's tumbling pipeline: per symbol, 10-minute event-time windows, watermark = highest event time
 * - 3 min - 1 ms, allowed lateness 0, late records to their own topic. Expected results are worked by hand from
 * Flink's rules in the comments.
 */
class TumblingWindowAggregationTest {

    private final ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(
            Trades.trades("max-price-tumbling")
                    .window(TumblingWindows.of(Duration.ofMinutes(10)))
                    .maxOutOfOrderness(Duration.ofMinutes(3))
                    .lateRecords(Trades.LATE)
                    .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                    .build());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void emitsOneFinalResultPerWindowWhenTheWatermarkPassesItsEnd() {
        // record                      window             watermark after (max - 3 min - 1 ms)
        pipe(driver, "AMZN", at("10:03:07.250"), 187); // [10:00,10:10)    10:00:07.249
        pipe(driver, "AMZN", at("10:07:00"), 190);     // [10:00,10:10)    10:03:59.999
        pipe(driver, "AMZN", at("10:01:00"), 185);     // out of order, on time (10:09:59.999 > 10:03:59.999)
        pipe(driver, "GOOG", at("10:09:30"), 140);     // [10:00,10:10)    10:06:29.999
        pipe(driver, "AMZN", at("10:12:00"), 188);     // [10:10,10:20)    10:08:59.999
        pipe(driver, "AMZN", at("10:08:00"), 189);     // out of order, on time (10:09:59.999 > 10:08:59.999)
        assertThat(driver.readOutput()).as("no window has reached its end yet").isEmpty();

        pipe(driver, "GOOG", at("10:13:01"), 150);     // [10:10,10:20)    10:10:00.999 >= 10:09:59.999: fires

        // AMZN [10:00,10:10): 187, 190, 185, 189 -> max 190, count 4; GOOG: 140 -> max 140, count 1.
        // Both timers are at 10:09:59.999; they fire in key order. Results are stamped end - 1 ms.
        List<TestRecord<String, JsonNode>> results = driver.readOutput();
        assertThat(results).extracting(TestRecord::topic, TestRecord::key, TestRecord::timestamp).containsExactly(
                tuple(Trades.OUTPUT, "AMZN", at("10:09:59.999")),
                tuple(Trades.OUTPUT, "GOOG", at("10:09:59.999")));
        assertThat(json(results)).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"max_price\":190,\"count\":4}",
                "{\"symbol\":\"GOOG\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"max_price\":140,\"count\":1}");

        pipe(driver, "AMZN", at("10:23:00.001"), 170);  // [10:20,10:30)   10:20:00.000: fires [10:10,10:20)
        // AMZN [10:10,10:20): 188 -> max 188, count 1; GOOG: 150 -> max 150, count 1
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\","
                        + "\"max_price\":188,\"count\":1}",
                "{\"symbol\":\"GOOG\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\","
                        + "\"max_price\":150,\"count\":1}");
        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).isEmpty();
        assertThat(driver.lateRecords()).isZero();
    }

    @Test
    void sendsARecordTooLateForItsWindowToTheLateTopicUnchangedWithHeaders() {
        pipe(driver, "AMZN", at("10:05:00"), 187);     // [10:00,10:10)    10:01:59.999
        pipe(driver, "AMZN", at("10:13:00"), 190);     // [10:10,10:20)    10:09:59.999: [10:00,10:10) fires
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"max_price\":187,\"count\":1}");

        // 10:09:59 belongs to [10:00,10:10), whose last millisecond 10:09:59.999 the watermark has reached: late.
        // The record carries a Kafka timestamp different from its event time, to show both are kept.
        JsonNode late = tick("AMZN", at("10:09:59"), 200).put("venue", "dark pool");
        pipe(driver, late, at("10:14:00"));

        List<TestRecord<String, JsonNode>> routed = driver.readSideOutput(WindowedAggregation.LATE_RECORDS);
        assertThat(routed).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(Trades.LATE);
            assertThat(record.key()).isEqualTo("AMZN");
            assertThat(record.value().toString()).as("value unchanged").isEqualTo(late.toString());
            assertThat(record.timestamp()).isEqualTo(at("10:14:00"));
            assertThat(record.header(WindowedAggregation.LATE_WINDOW_START_HEADER)).isEqualTo("2026-11-21T10:00:00Z");
            assertThat(record.header(WindowedAggregation.LATE_WINDOW_END_HEADER)).isEqualTo("2026-11-21T10:10:00Z");
            assertThat(record.header(WindowedAggregation.WATERMARK_HEADER)).isEqualTo("2026-11-21T10:09:59.999Z");
        });
        assertThat(driver.lateRecords()).isEqualTo(1);

        // The late record changed nothing: the next window holds 190 only.
        driver.advanceWatermark(at("10:19:59.999"));
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\","
                        + "\"max_price\":190,\"count\":1}");
    }

    @Test
    void aRecordAtTheWatermarkItselfIsStillOnTimeForALaterWindow() {
        pipe(driver, "AMZN", at("10:13:00"), 1);       // watermark 10:09:59.999
        // 10:09:59.999 is exactly the watermark: its window [10:00,10:10) has maxTimestamp <= watermark, late
        pipe(driver, "AMZN", at("10:09:59.999"), 2);
        // 10:10:00.000 is in [10:10,10:20): on time
        pipe(driver, "AMZN", at("10:10:00"), 3);

        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).extracting(r -> r.value().get("price").asInt())
                .containsExactly(2);
        driver.advanceWatermark(at("10:20:00"));
        assertThat(driver.readOutput()).extracting(r -> r.value().get("count").asInt()).containsExactly(2);
    }

    @Test
    void deletesWindowStateWhenItFires() {
        pipe(driver, "AMZN", at("10:05:00"), 187);
        driver.commit();
        long withOneWindow = driver.storedEntries();

        driver.advanceWatermark(at("10:09:59.999"));
        driver.commit();

        assertThat(driver.readOutput()).hasSize(1);
        assertThat(driver.timerCount()).isZero();
        // the window's entry and its timer are gone (the watermark itself was already stored)
        assertThat(driver.storedEntries()).isEqualTo(withOneWindow - 2);
    }
}
