package io.tributary.window;

import java.time.Duration;

import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static io.tributary.window.Trades.json;
import static io.tributary.window.Trades.pipe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tumbling 10-minute windows, watermark bound 0, allowed lateness 5 minutes: a window fires at its end, re-fires for
 * each record within the lateness, and its state goes at end + lateness.
 */
class AllowedLatenessTest {

    private final ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(
            Trades.trades("lateness")
                    .window(TumblingWindows.of(Duration.ofMinutes(10)))
                    .allowedLateness(Duration.ofMinutes(5))
                    .lateRecords(Trades.LATE)
                    .aggregate(Aggregations.of(Aggregations.count(), Aggregations.sum("price")))
                    .build());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void reEmitsForRecordsWithinTheLatenessAndDeletesStateAfterIt() {
        // record                  window           watermark after (max - 1 ms)
        pipe(driver, "AMZN", at("10:01"), 1);     // [10:00,10:10)  10:00:59.999
        pipe(driver, "AMZN", at("10:10"), 2);     // [10:10,10:20)  10:09:59.999 -> [10:00,10:10) fires: 1 record
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"count\":1,\"sum_price\":1}");
        driver.commit();
        // stored now: [10:00,10:10) with its cleanup timer (10:14:59.999), [10:10,10:20) with its firing and cleanup
        // timers (10:19:59.999, 10:24:59.999), and the task's watermark metadata
        long afterFiring = driver.storedEntries();

        // 10:05 is past its window's end but within the lateness (10:09:59.999 + 5 min > 10:09:59.999): the window
        // takes it and fires again at once, marked as a late update, stamped like the final result
        pipe(driver, "AMZN", at("10:05"), 4);
        assertThat(driver.readOutput()).singleElement().satisfies(update -> {
            assertThat(update.value().toString()).isEqualTo("{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\","
                    + "\"window_end\":\"2026-11-21T10:10:00Z\",\"count\":2,\"sum_price\":5,\"late_update\":true}");
            assertThat(update.timestamp()).isEqualTo(at("10:09:59.999"));
        });
        assertThat(driver.lateRecords()).isZero();

        pipe(driver, "AMZN", at("10:15"), 8);     // [10:10,10:20)  10:14:59.999 = 10:09:59.999 + 5 min: cleanup
        driver.commit();
        assertThat(driver.readOutput()).isEmpty();
        // [10:00,10:10)'s entry and its cleanup timer are deleted
        assertThat(driver.storedEntries()).isEqualTo(afterFiring - 2);

        // now beyond the lateness: late, to the late topic, and the window is not re-created
        pipe(driver, "AMZN", at("10:06"), 16);
        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).extracting(TestRecord::value)
                .extracting(v -> v.get("price").asInt()).containsExactly(16);
        assertThat(driver.lateRecords()).isEqualTo(1);

        driver.advanceWatermark(at("10:24:59.999"));
        driver.commit();
        // [10:10,10:20) fires at 10:19:59.999 (2 + 8) and is cleaned up at 10:24:59.999
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\","
                        + "\"count\":2,\"sum_price\":10}");
        assertThat(driver.timerCount()).isZero();
        assertThat(driver.storedEntries()).as("window entries and timers of both windows gone")
                .isEqualTo(afterFiring - 5);
    }

    @Test
    void stateStaysBoundedOverALongStream() {
        long maxStored = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            for (String symbol : new String[] {"AMZN", "GOOG", "MSFT"}) {
                pipe(driver, symbol, at("00:00").plus(Duration.ofMinutes(minute)), minute);
            }
            driver.commit();
            maxStored = Math.max(maxStored, driver.storedEntries());
        }
        assertThat(driver.readOutput()).hasSizeGreaterThan(3 * 140);
        // per symbol at most two windows (the open one and one within lateness), each with up to two timers
        assertThat(maxStored).isLessThan(3 * 2 * 3 + 10);
    }
}
