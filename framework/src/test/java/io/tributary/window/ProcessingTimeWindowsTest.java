package io.tributary.window;

import java.time.Duration;
import java.time.Instant;

import io.tributary.testing.ProcessorTestDriver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static io.tributary.window.Trades.json;
import static io.tributary.window.Trades.pipe;
import static org.assertj.core.api.Assertions.assertThat;

/** Windows by the processing clock: records go to the window of the moment they are processed. */
class ProcessingTimeWindowsTest {

    private static final Instant P0 = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void assignsByTheProcessingClockAndFiresWhenItPassesTheEnd() {
        try (ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(WindowedAggregation
                .builder("processing-time")
                .source(Trades.SOURCE)
                .output(Trades.OUTPUT)
                .keyBy("symbol")
                .processingTime()
                .window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate(Aggregations.count())
                .build(), P0)) {
            driver.advanceProcessingTime(Duration.ofSeconds(10));
            pipe(driver, "AMZN", at("08:00"), 1);          // event time is ignored: window [12:00,12:01)
            driver.advanceProcessingTime(Duration.ofSeconds(40));
            pipe(driver, "AMZN", at("23:00"), 1);          // 12:00:50, same window
            driver.advanceProcessingTime(Duration.ofSeconds(9).plusMillis(998)); // 12:00:59.998
            assertThat(driver.readOutput()).isEmpty();

            driver.advanceProcessingTime(Duration.ofMillis(1)); // 12:00:59.999, the window's last millisecond
            assertThat(driver.readOutput()).singleElement().satisfies(result -> {
                assertThat(result.value().toString()).isEqualTo("{\"symbol\":\"AMZN\","
                        + "\"window_start\":\"2026-11-21T12:00:00Z\",\"window_end\":\"2026-11-21T12:01:00Z\",\"count\":2}");
                assertThat(result.timestamp()).isEqualTo(Instant.parse("2026-11-21T12:00:59.999Z"));
            });

            // 12:00:59.999 still: a new window [12:00,12:01); a record without Kafka timestamp is fine here
            driver.pipe("AMZN", Trades.tick("AMZN", at("08:00"), 1), Instant.ofEpochMilli(-1));
            driver.advanceProcessingTime(Duration.ofMinutes(1));
            assertThat(json(driver.readOutput())).hasSize(1);
            assertThat(driver.readDeadLetters()).isEmpty();
            assertThat(driver.timerCount()).isZero();
        }
    }
}
