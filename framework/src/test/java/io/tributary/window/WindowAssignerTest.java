package io.tributary.window;

import java.time.Duration;
import java.time.Instant;

import io.tributary.testing.ProcessorTestDriver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Window bounds aligned to the epoch as Flink aligns them: start = ts - floorMod(ts - offset, slide). */
class WindowAssignerTest {

    private static TimeWindow window(Instant start, Instant end) {
        return new TimeWindow(start, end);
    }

    @Test
    void tumblingWindowsAlignToTheEpochWhateverTheFirstRecord() {
        TumblingWindows tenMinutes = TumblingWindows.of(Duration.ofMinutes(10));

        assertThat(tenMinutes.assignWindows(at("10:03:07.250"))).containsExactly(window(at("10:00"), at("10:10")));
        assertThat(tenMinutes.assignWindows(at("10:10"))).as("start is inclusive").containsExactly(window(at("10:10"), at("10:20")));
        assertThat(tenMinutes.assignWindows(at("10:09:59.999"))).as("end is exclusive")
                .containsExactly(window(at("10:00"), at("10:10")));
        assertThat(window(at("10:00"), at("10:10")).maxTimestamp()).isEqualTo(at("10:09:59.999"));
    }

    @Test
    void offsetShiftsTheAlignment() {
        // hour windows from :15 to :15: 10:03 - floorMod(10:03 - 0:15, 1 h) = 10:03 - 0:48 = 09:15
        TumblingWindows quarterPast = TumblingWindows.of(Duration.ofHours(1)).withOffset(Duration.ofMinutes(15));
        assertThat(quarterPast.assignWindows(at("10:03"))).containsExactly(window(at("09:15"), at("10:15")));
        assertThat(quarterPast.assignWindows(at("10:15"))).containsExactly(window(at("10:15"), at("11:15")));

        // days in UTC+8, Flink's example: offset -8 h, so 2026-11-21T03:00Z lies in the day starting 2026-11-20T16:00Z
        TumblingWindows days = TumblingWindows.of(Duration.ofDays(1)).withOffset(Duration.ofHours(-8));
        assertThat(days.assignWindows(at("03:00"))).containsExactly(
                window(Instant.parse("2026-11-20T16:00:00Z"), Instant.parse("2026-11-21T16:00:00Z")));

        // sliding 10 min every 5 with offset 2: latest start 10:03 - floorMod(10:01, 5 min) = 10:02
        SlidingWindows sliding = SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(5)).withOffset(Duration.ofMinutes(2));
        assertThat(sliding.assignWindows(at("10:03"))).containsExactly(
                window(at("10:02"), at("10:12")), window(at("09:57"), at("10:07")));
    }

    @Test
    void negativeTimestampsFallInTheWindowBelowThem() {
        TumblingWindows tenSeconds = TumblingWindows.of(Duration.ofSeconds(10));
        Instant epoch = Instant.EPOCH;

        // -5 s: floorMod(-5000, 10000) = 5000, start -10 s (plain % would give -5000 and start 0, wrongly)
        assertThat(tenSeconds.assignWindows(epoch.minusSeconds(5))).containsExactly(window(epoch.minusSeconds(10), epoch));
        assertThat(tenSeconds.assignWindows(epoch.minusSeconds(10))).containsExactly(window(epoch.minusSeconds(10), epoch));
        assertThat(tenSeconds.assignWindows(epoch.minusMillis(1))).containsExactly(window(epoch.minusSeconds(10), epoch));
        assertThat(tenSeconds.assignWindows(epoch.minusMillis(10_001)))
                .containsExactly(window(epoch.minusSeconds(20), epoch.minusSeconds(10)));
    }

    @Test
    void slidingWindowsListTheLatestFirst() {
        SlidingWindows sliding = SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(5));

        assertThat(sliding.assignWindows(at("10:03"))).containsExactly(
                window(at("10:00"), at("10:10")), window(at("09:55"), at("10:05")));
        assertThat(SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(3)).assignWindows(at("10:03")))
                .containsExactly(window(at("10:03"), at("10:13")), window(at("10:00"), at("10:10")),
                        window(at("09:57"), at("10:07")), window(at("09:54"), at("10:04")));
        assertThat(SlidingWindows.of(Duration.ofMinutes(1), Duration.ofMinutes(5)).assignWindows(at("10:03")))
                .as("between windows").isEmpty();
    }

    @Test
    void sessionWindowsStartAtTheRecordAndTouchingOnesIntersect() {
        SessionWindows sessions = SessionWindows.withGap(Duration.ofMinutes(5));

        assertThat(sessions.assignWindows(at("10:03"))).containsExactly(window(at("10:03"), at("10:08")));
        assertThat(window(at("10:00"), at("10:05")).intersects(window(at("10:05"), at("10:10")))).isTrue();
        assertThat(window(at("10:00"), at("10:05")).intersects(window(at("10:05:00.001"), at("10:10")))).isFalse();
        assertThat(window(at("10:00"), at("10:05")).cover(window(at("10:03"), at("10:08"))))
                .isEqualTo(window(at("10:00"), at("10:08")));
    }

    @Test
    void aggregatesRecordsBeforeTheEpochInTheirAlignedWindow() {
        try (ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(Trades.trades("before-epoch")
                .window(TumblingWindows.of(Duration.ofSeconds(10)))
                .aggregate(Aggregations.count())
                .build())) {
            Trades.pipe(driver, "OLD", Instant.parse("1969-12-31T23:59:55Z"), 1);  // [23:59:50, 00:00:00)
            Trades.pipe(driver, "OLD", Instant.parse("1969-12-31T23:59:58Z"), 1);
            Trades.pipe(driver, "OLD", Instant.EPOCH, 1);                          // watermark -1 ms: fires

            assertThat(driver.readOutput()).singleElement().satisfies(result -> {
                assertThat(result.value().toString()).isEqualTo("{\"symbol\":\"OLD\",\"window_start\":\"1969-12-31T23:59:50Z\","
                        + "\"window_end\":\"1970-01-01T00:00:00Z\",\"count\":2}");
                assertThat(result.timestamp()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
            });
        }
    }

    @Test
    void rejectsBadSizesAndOffsetsNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> TumblingWindows.of(Duration.ZERO))
                .withMessageContaining("TumblingWindows size must be positive, got PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> TumblingWindows.of(Duration.ofNanos(1_500_000)))
                .withMessageContaining("whole milliseconds");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TumblingWindows.of(Duration.ofMinutes(10)).withOffset(Duration.ofMinutes(10)))
                .withMessageContaining("abs(offset) < size").withMessageContaining("PT10M");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(5)).withOffset(Duration.ofMinutes(-5)))
                .withMessageContaining("abs(offset) < slide");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionWindows.withGap(Duration.ofSeconds(-1)))
                .withMessageContaining("SessionWindows gap must be positive, got PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeWindow(at("10:00"), at("10:00")))
                .withMessageContaining("start must be before its end");
    }

    @Test
    void assignersAreValuesWithReadableNames() {
        assertThat(TumblingWindows.of(Duration.ofMinutes(10))).isEqualTo(TumblingWindows.of(Duration.ofSeconds(600)))
                .hasSameHashCodeAs(TumblingWindows.of(Duration.ofSeconds(600)));
        assertThat(TumblingWindows.of(Duration.ofMinutes(10)).withOffset(Duration.ofMinutes(1)))
                .hasToString("TumblingWindows.of(PT10M).withOffset(PT1M)");
        assertThat(SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .hasToString("SlidingWindows.of(PT10M, PT5M)");
        assertThat(SessionWindows.withGap(Duration.ofMinutes(5)).isMerging()).isTrue();
    }
}
