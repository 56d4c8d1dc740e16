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

/** Session windows with a 5-minute gap, watermark bound 10 minutes; worked by hand from Flink's merging rules. */
class SessionWindowAggregationTest {

    private final ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(
            Trades.trades("sessions")
                    .window(SessionWindows.withGap(Duration.ofMinutes(5)))
                    .maxOutOfOrderness(Duration.ofMinutes(10))
                    .lateRecords(Trades.LATE)
                    .aggregate(Aggregations.of(Aggregations.count(), Aggregations.sum("price")))
                    .build());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void mergesOverlappingSessionsIncludingTwoBridgedByOneRecord() {
        // record     own window         sessions of AMZN after it             watermark after (max - 10 min - 1 ms)
        pipe(driver, "AMZN", at("10:00"), 1);    // [10:00,10:05)  [10:00,10:05)                   09:49:59.999
        pipe(driver, "AMZN", at("10:12"), 2);    // [10:12,10:17)  [10:00,10:05) [10:12,10:17)     10:01:59.999
        assertThat(driver.timerCount()).isEqualTo(2);

        pipe(driver, "AMZN", at("10:03"), 4);    // [10:03,10:08)  [10:00,10:08) [10:12,10:17)
        // the merged-away session's timer (10:04:59.999) is deleted, the merged one's (10:07:59.999) registered
        assertThat(driver.timerCount()).isEqualTo(2);

        pipe(driver, "AMZN", at("10:07:30"), 8); // [10:07:30,10:12:30) reaches both: [10:00,10:17)
        assertThat(driver.timerCount()).as("one session, one timer at 10:16:59.999").isEqualTo(1);
        assertThat(driver.readOutput()).isEmpty();

        pipe(driver, "AMZN", at("10:30"), 16);   // [10:30,10:35)                                  10:19:59.999
        // [10:00,10:17) fires: 1 + 2 + 4 + 8 over 4 records, stamped 10:16:59.999
        assertThat(driver.readOutput()).singleElement().satisfies(result -> {
            assertThat(result.value().toString()).isEqualTo("{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\","
                    + "\"window_end\":\"2026-11-21T10:17:00Z\",\"count\":4,\"sum_price\":15}");
            assertThat(result.timestamp()).isEqualTo(at("10:16:59.999"));
        });
    }

    @Test
    void sessionsExactlyOneGapApartTouchAndMerge() {
        pipe(driver, "AMZN", at("10:30"), 1);    // [10:30,10:35)
        pipe(driver, "AMZN", at("10:35"), 2);    // [10:35,10:40) touches [10:30,10:35): Flink merges them
        pipe(driver, "AMZN", at("10:40:00.001"), 4); // [10:40:00.001,...) does not touch [10:30,10:40)
        driver.advanceWatermark(at("11:00"));

        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:30:00Z\",\"window_end\":\"2026-11-21T10:40:00Z\","
                        + "\"count\":2,\"sum_price\":3}",
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:40:00.001Z\",\"window_end\":\"2026-11-21T10:45:00.001Z\","
                        + "\"count\":1,\"sum_price\":4}");
    }

    @Test
    void keepsSessionsOfEachKeyApart() {
        pipe(driver, "AMZN", at("10:00"), 1);
        pipe(driver, "GOOG", at("10:02"), 2);
        pipe(driver, "AMZN", at("10:04"), 4);
        driver.advanceWatermark(at("11:00"));

        // AMZN [10:00,10:09) with 1 + 4; GOOG [10:02,10:07) with 2; GOOG's timer (10:06:59.999) fires first
        assertThat(driver.readOutput()).extracting(TestRecord::key, r -> r.value().get("window_end").asString(),
                r -> r.value().get("sum_price").asInt()).containsExactly(
                        org.assertj.core.api.Assertions.tuple("GOOG", "2026-11-21T10:07:00Z", 2),
                        org.assertj.core.api.Assertions.tuple("AMZN", "2026-11-21T10:09:00Z", 5));
    }

    @Test
    void aRecordLateForItsOwnWindowStillJoinsAnOpenSessionItReaches() {
        // As in Flink, the record's window merges first and lateness is judged on the merged session.
        // record      own window         AMZN sessions after it               watermark after
        pipe(driver, "AMZN", at("10:20"), 1);  // [10:20,10:25)   [10:20,10:25)                        10:09:59.999
        pipe(driver, "AMZN", at("10:24"), 2);  // [10:24,10:29)   [10:20,10:29)                        10:13:59.999
        pipe(driver, "AMZN", at("10:05"), 4);  // [10:05,10:10): ended (10:09:59.999 <= watermark) and reaches no
                                               // session: late, sent on naming its own window
        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).singleElement().satisfies(record -> {
            assertThat(record.header(WindowedAggregation.LATE_WINDOW_START_HEADER)).isEqualTo("2026-11-21T10:05:00Z");
            assertThat(record.header(WindowedAggregation.LATE_WINDOW_END_HEADER)).isEqualTo("2026-11-21T10:10:00Z");
        });
        pipe(driver, "GOOG", at("10:31"), 0);  // (another key)                                         10:20:59.999
        pipe(driver, "AMZN", at("10:15"), 8);  // [10:15,10:20): ended (10:19:59.999 <= 10:20:59.999), but it
                                               // touches [10:20,10:29): merged [10:15,10:29) is open, so it joins
        assertThat(driver.readSideOutput(WindowedAggregation.LATE_RECORDS)).isEmpty();

        driver.advanceWatermark(at("11:00"));
        // AMZN [10:15,10:29): 1 + 2 + 8 over 3 records; GOOG [10:31,10:36): 0 over 1; in timer order
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:15:00Z\",\"window_end\":\"2026-11-21T10:29:00Z\","
                        + "\"count\":3,\"sum_price\":11}",
                "{\"symbol\":\"GOOG\",\"window_start\":\"2026-11-21T10:31:00Z\",\"window_end\":\"2026-11-21T10:36:00Z\","
                        + "\"count\":1,\"sum_price\":0}");
        assertThat(driver.lateRecords()).isEqualTo(1);
    }

    @Test
    void deletesSessionStateAndTimersWhenItFires() {
        pipe(driver, "AMZN", at("10:00"), 1);
        driver.commit();
        long withOneSession = driver.storedEntries();
        pipe(driver, "AMZN", at("10:03"), 1);  // extends the session: its old timer goes, a new one comes
        driver.commit();
        assertThat(driver.storedEntries()).isEqualTo(withOneSession);

        driver.advanceWatermark(at("10:07:59.999"));
        driver.commit();
        assertThat(driver.readOutput()).hasSize(1);
        assertThat(driver.timerCount()).isZero();
        assertThat(driver.storedEntries()).isEqualTo(withOneSession - 2);
    }

    @Test
    void keepsATimerThatAMergedAwaySessionSharedWithAnotherSession() {
        // Timers are per (key, time): with gap 2 min and lateness 5 min, session A [10:00,10:02) has its cleanup
        // timer at 10:06:59.999, the very time session B [10:05,10:07) fires. Merging A away must not delete it.
        try (ProcessorTestDriver<String, JsonNode, JsonNode> shared = ProcessorTestDriver.of(Trades.trades("shared-timer")
                .window(SessionWindows.withGap(Duration.ofMinutes(2)))
                .allowedLateness(Duration.ofMinutes(5))
                .aggregate(Aggregations.count())
                .build())) {
            pipe(shared, "AMZN", at("10:00"), 1);   // A [10:00,10:02)                 watermark 09:59:59.999
            pipe(shared, "AMZN", at("10:05"), 1);   // B [10:05,10:07)                 watermark 10:04:59.999: A fires
            pipe(shared, "AMZN", at("10:01"), 1);   // [10:01,10:03) merges into A, which had fired: [10:00,10:03)
                                                    // re-fires at once; A's timers 10:01:59.999 and 10:06:59.999 go,
                                                    // but B still needs 10:06:59.999
            shared.advanceWatermark(at("10:06:59.999"));

            assertThat(json(shared.readOutput())).containsExactly(
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:02:00Z\","
                            + "\"count\":1}",
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:03:00Z\","
                            + "\"count\":2,\"late_update\":true}",
                    "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:05:00Z\",\"window_end\":\"2026-11-21T10:07:00Z\","
                            + "\"count\":1}");

            shared.advanceWatermark(at("10:11:59.999")); // cleanup of [10:00,10:03) at 10:07:59.999, of B at 10:11:59.999
            assertThat(shared.readOutput()).isEmpty();
            assertThat(shared.timerCount()).isZero();
        }
    }
}
