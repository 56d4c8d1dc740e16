package io.tributary.window;

import java.time.Duration;
import java.time.Instant;

import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static io.tributary.window.Trades.json;
import static io.tributary.window.Trades.pipe;
import static org.assertj.core.api.Assertions.assertThat;

/** Tumbling 10-minute event-time windows with early firings every minute of processing time. */
class EarlyFiringTest {

    /** Processing time, on a minute boundary, so early firings fall at P0 + 1 min, + 2 min, ... */
    private static final Instant P0 = Instant.parse("2026-11-21T12:00:00Z");

    private final ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(
            Trades.trades("early")
                    .window(TumblingWindows.of(Duration.ofMinutes(10)))
                    .earlyFirings(Duration.ofMinutes(1))
                    .aggregate(Aggregations.of(Aggregations.count(), Aggregations.max("price")))
                    .build(), P0);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void emitsChangedOpenWindowsEveryIntervalThenTheFinalResult() {
        pipe(driver, "AMZN", at("10:01"), 1);          // at 12:00:00; the next early firing is due at 12:01
        driver.advanceProcessingTime(Duration.ofSeconds(59));
        assertThat(driver.readOutput()).isEmpty();

        driver.advanceProcessingTime(Duration.ofSeconds(1)); // 12:01
        assertThat(driver.readOutput()).singleElement().satisfies(early -> {
            assertThat(early.value().toString()).isEqualTo("{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\","
                    + "\"window_end\":\"2026-11-21T10:10:00Z\",\"count\":1,\"max_price\":1,\"early\":true}");
            assertThat(early.timestamp()).isEqualTo(at("10:09:59.999"));
        });

        driver.advanceProcessingTime(Duration.ofMinutes(1)); // 12:02: nothing changed, nothing emitted
        assertThat(driver.readOutput()).isEmpty();

        pipe(driver, "AMZN", at("10:02"), 5);          // at 12:02
        pipe(driver, "AMZN", at("10:03"), 2);
        driver.advanceProcessingTime(Duration.ofMinutes(1)); // 12:03: one update for both records
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"count\":3,\"max_price\":5,\"early\":true}");

        pipe(driver, "AMZN", at("10:04"), 3);          // changes the window ...
        pipe(driver, "AMZN", at("10:10"), 7);          // ... which then fires: the final result, unmarked
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"count\":4,\"max_price\":5}");

        driver.advanceProcessingTime(Duration.ofMinutes(1)); // 12:04: only the open window [10:10,10:20)
        assertThat(driver.readOutput()).extracting(TestRecord::value).extracting(JsonNode::toString).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\","
                        + "\"count\":1,\"max_price\":7,\"early\":true}");
        driver.advanceProcessingTime(Duration.ofMinutes(10));
        assertThat(driver.readOutput()).isEmpty();
        assertThat(driver.timerCount()).as("only the event-time timer of [10:10,10:20)").isEqualTo(1);
    }

    @Test
    void emitsEarlyUpdatesOfSessionsAsTheyGrow() {
        try (ProcessorTestDriver<String, JsonNode, JsonNode> sessions = ProcessorTestDriver.of(Trades.trades("early-sessions")
                .window(SessionWindows.withGap(Duration.ofMinutes(5)))
                .earlyFirings(Duration.ofMinutes(1))
                .aggregate(Aggregations.count())
                .build(), P0)) {
            pipe(sessions, "AMZN", at("10:00"), 1);            // [10:00,10:05) at 12:00
            sessions.advanceProcessingTime(Duration.ofSeconds(90)); // 12:01: early update
            pipe(sessions, "AMZN", at("10:03"), 1);            // [10:00,10:08) at 12:01:30
            sessions.advanceProcessingTime(Duration.ofSeconds(30)); // 12:02: early update of the grown session
            pipe(sessions, "AMZN", at("10:20"), 1);            // watermark 10:19:59.999: [10:00,10:08) fires

            assertThat(json(sessions.readOutput())).containsExactly(
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:05:00Z\","
                            + "\"count\":1,\"early\":true}",
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:08:00Z\","
                            + "\"count\":2,\"early\":true}",
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:08:00Z\","
                            + "\"count\":2}");
        }
    }
}
