package io.tributary.window;

import java.time.Duration;

import io.tributary.testing.ProcessorTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.window.Trades.at;
import static io.tributary.window.Trades.json;
import static io.tributary.window.Trades.pipe;
import static org.assertj.core.api.Assertions.assertThat;

/** With idle advance, the last window of a stream that went quiet closes after enough processing time. */
class IdleAdvanceTest {

    private final ProcessorTestDriver<String, JsonNode, JsonNode> driver = ProcessorTestDriver.of(
            Trades.trades("idle-advance")
                    .window(TumblingWindows.of(Duration.ofMinutes(10)))
                    .maxOutOfOrderness(Duration.ofMinutes(3))
                    .idleAdvance(Duration.ofMinutes(1))
                    .aggregate(Aggregations.count())
                    .build());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void closesTheLastWindowAfterQuietProcessingTime() {
        pipe(driver, "AMZN", at("10:05"), 1); // watermark 10:01:59.999; [10:00,10:10) needs 10:09:59.999
        // After 1 min of quiet the watermark moves 1 ms per ms: 8 min more reach 10:09:59.999, so 9 min of quiet.
        driver.advanceProcessingTime(Duration.ofMinutes(9).minusMillis(1));
        assertThat(driver.readOutput()).isEmpty();
        assertThat(driver.watermark()).isEqualTo(at("10:09:59.998"));

        driver.advanceProcessingTime(Duration.ofMillis(1));
        assertThat(json(driver.readOutput())).containsExactly(
                "{\"symbol\":\"AMZN\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\","
                        + "\"count\":1}");
    }

    @Test
    void withoutIdleAdvanceTheLastWindowWaitsForMoreRecords() {
        try (ProcessorTestDriver<String, JsonNode, JsonNode> plain = ProcessorTestDriver.of(Trades.trades("no-advance")
                .window(TumblingWindows.of(Duration.ofMinutes(10)))
                .maxOutOfOrderness(Duration.ofMinutes(3))
                .aggregate(Aggregations.count())
                .build())) {
            pipe(plain, "AMZN", at("10:05"), 1);
            plain.advanceProcessingTime(Duration.ofDays(1));
            assertThat(plain.readOutput()).isEmpty();
        }
    }
}
