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
import static org.assertj.core.api.Assertions.assertThat;

/** Sliding windows of 10 minutes every 5 minutes, watermark bound 1 minute; worked by hand from Flink's rules. */
class SlidingWindowAggregationTest {

    private final ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(
            Trades.trades("max-price-sliding")
                    .window(SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                    .maxOutOfOrderness(Duration.ofMinutes(1))
                    .lateRecords(Trades.LATE)
                    .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                    .build());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void logsAWindowOnceAndNotAtAllWhenItOpensAndFiresWithinOneCommit() {
        driver.commit();
        long baseline = driver.changelogRecords();
        pipe(driver, "AMZN", at("10:03"), 10); // [09:55,10:05) [10:00,10:10)
        pipe(driver, "AMZN", at("10:04"), 20); // the same windows: their timers are not registered again
        assertThat(driver.timerCount()).isEqualTo(2);
        driver.commit();
        assertThat(driver.changelogRecords() - baseline).as("two windows, two timers, the watermark and max event time")
                .isEqualTo(6);

        long open = driver.changelogRecords();
        pipe(driver, "AMZN", at("10:12"), 30);  // opens [10:05,10:15) [10:10,10:20); fires and drops both old ones
        pipe(driver, "AMZN", at("10:17"), 40);  // opens [10:15,10:25); fires and drops [10:05,10:15) at once
        driver.commit();
        // [09:55,10:05) and [10:00,10:10): window and timer deleted; [10:05,10:15) never reaches the changelog;
        // [10:10,10:20) and [10:15,10:25): window and timer written; the watermark and max event time
        assertThat(driver.changelogRecords() - open).isEqualTo(4 + 4 + 2);
        assertThat(driver.readOutput()).hasSize(3);
    }

    @Test
    void addsEachRecordToEveryWindowItFallsInAndFiresThemInTurn() {
        // record        windows                          watermark after (max - 1 min - 1 ms)
        pipe(driver, "AMZN", at("10:03"), 10); // [09:55,10:05) [10:00,10:10)     10:01:59.999
        pipe(driver, "AMZN", at("10:06"), 20); // [10:00,10:10) [10:05,10:15)     10:04:59.999 -> [09:55,10:05) fires
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T09:55:00Z\",\"window_end\":\"2026-11-21T10:05:00Z\","
                        + "\"max_price\":10,\"count\":1}");

        // 10:04 belongs to [09:55,10:05), which has fired (late), and [10:00,10:10), still open: it joins the open
        // one only, and is not a late record since one of its windows took it.
        pipe(driver, "AMZN", at("10:04"), 30);
        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).isEmpty();

        pipe(driver, "AMZN", at("10:11"), 5);  // [10:05,10:15) [10:10,10:20)     10:09:59.999 -> [10:00,10:10) fires
        pipe(driver, "AMZN", at("10:16"), 1);  // [10:10,10:20) [10:15,10:25)     10:14:59.999 -> [10:05,10:15) fires
        // [10:00,10:10): 10, 20, 30 -> max 30, count 3;  [10:05,10:15): 20, 5 -> max 20, count 2
        List<TestRecord<String, JsonNode>> results = driver.readOutput();
        assertThat(json(results)).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"max_price\":30,\"count\":3}",
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:05:00Z\",\"window_end\":\"2026-11-21T10:15:00Z\","
                        + "\"max_price\":20,\"count\":2}");
        assertThat(results).extracting(TestRecord::timestamp).containsExactly(at("10:09:59.999"), at("10:14:59.999"));

        // 10:02 belongs to [09:55,10:05) and [10:00,10:10), both fired: late; the latest window it missed is named.
        pipe(driver, "AMZN", at("10:02"), 99);
        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).singleElement().satisfies(record -> {
            assertThat(record.header(WindowedAggregation.LATE_WINDOW_START_HEADER)).isEqualTo("2026-11-21T10:00:00Z");
            assertThat(record.header(WindowedAggregation.LATE_WINDOW_END_HEADER)).isEqualTo("2026-11-21T10:10:00Z");
            assertThat(record.header(WindowedAggregation.WATERMARK_HEADER)).isEqualTo("2026-11-21T10:14:59.999Z");
        });

        driver.advanceWatermark(at("10:30"));
        // [10:10,10:20): 5, 1 -> max 5, count 2;  [10:15,10:25): 1 -> max 1, count 1; in timer order
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\","
                        + "\"max_price\":5,\"count\":2}",
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:15:00Z\",\"window_end\":\"2026-11-21T10:25:00Z\","
                        + "\"max_price\":1,\"count\":1}");
        driver.commit();
        assertThat(driver.timerCount()).isZero();
    }

    @Test
    void recordsBetweenWindowsWhoseSlideExceedsTheirSizeAreDropped() {
        try (ProcessorTestDriver<String, JsonNode, JsonNode> gaps = ProcessorTestDriver.of(Trades.trades("gappy")
                .window(SlidingWindows.of(Duration.ofMinutes(1), Duration.ofMinutes(5)))
                .lateRecords(Trades.LATE)
                .aggregate(Aggregations.count())
                .build())) {
            pipe(gaps, "AMZN", at("10:00:30"), 1); // [10:00,10:01)
            pipe(gaps, "AMZN", at("10:03:00"), 1); // between [10:00,10:01) and [10:05,10:06): no window, not late
            gaps.advanceWatermark(at("11:00"));

            assertThat(gaps.readOutput()).extracting(r -> r.value().get("count").asInt()).containsExactly(1);
            assertThat(gaps.readSideOutput(WindowedAggregation.LATE_RECORDS)).isEmpty();
            assertThat(gaps.lateRecords()).isZero();
        }
    }
}
