package io.tributary.engine;

import java.time.Duration;
import java.time.Instant;

import io.tributary.api.WatermarkStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;

class WatermarkTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration ONE_MS = Duration.ofMillis(1);
    private static final String QUOTES = "quotes";

    private final InlineProcessor processor = new InlineProcessor(
            definition -> definition.watermarks(WatermarkStrategy.boundedOutOfOrderness(BOUND)));

    @AfterEach
    void close() {
        processor.close();
    }

    @Test
    void isMaxEventTimeMinusBoundMinusOneMillisecond() {
        processor.run("A", T0.plusSeconds(10), ctx -> {
        });

        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(10).minus(BOUND).minus(ONE_MS));
    }

    @Test
    void doesNotGoBackOnOutOfOrderRecord() {
        processor.run("A", T0.plusSeconds(10), ctx -> {
        });
        processor.run("B", T0.plusSeconds(7), ctx -> {
        });
        processor.run("A", T0.plusSeconds(1), ctx -> {
        });

        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(5).minus(ONE_MS));

        processor.run("B", T0.plusSeconds(12), ctx -> {
        });
        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(7).minus(ONE_MS));
    }

    @Test
    void isSharedByAllKeys() {
        processor.run("A", T0.plusSeconds(10), ctx -> {
        });

        Instant seenByB = processor.call("B", T0, ctx -> ctx.currentWatermark());

        assertThat(seenByB).isEqualTo(T0.plusSeconds(5).minus(ONE_MS));
    }

    @Test
    void processElementSeesWatermarkOfEarlierRecordsOnly() {
        Instant seenByFirst = processor.call("A", T0.plusSeconds(10), ctx -> ctx.currentWatermark());
        Instant seenBySecond = processor.call("A", T0.plusSeconds(20), ctx -> ctx.timerService().currentWatermark());
        Instant seenByThird = processor.call("A", T0.plusSeconds(30), ctx -> ctx.currentWatermark());

        assertThat(seenByFirst).as("before any record").isBefore(T0);
        assertThat(seenBySecond).isEqualTo(T0.plusSeconds(5).minus(ONE_MS));
        assertThat(seenByThird).isEqualTo(T0.plusSeconds(15).minus(ONE_MS));
        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(25).minus(ONE_MS));
    }

    @Test
    void advancingByHandNeverGoesBack() {
        processor.driver().advanceWatermark(T0.plusSeconds(60));
        processor.driver().advanceWatermark(T0.plusSeconds(30));
        processor.run("A", T0.plusSeconds(40), ctx -> {
        });

        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(60));

        processor.run("A", T0.plusSeconds(70), ctx -> {
        });
        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(65).minus(ONE_MS));
    }

    @Test
    void isUnchangedByDeadLetteredRecords() {
        processor.run("A", T0.plusSeconds(10), ctx -> {
        });
        processor.driver().pipeRaw(Ticks.SOURCE, null, Ticks.utf8("{\"timestamp\":\"" + T0.plusSeconds(99) + "\"}"),
                T0.plusSeconds(99));

        assertThat(processor.driver().readDeadLetters()).hasSize(1);
        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(5).minus(ONE_MS));
    }

    @Test
    void trailsEventTimeByOneMillisecondForMonotonousTimestamps() {
        try (InlineProcessor monotonous = new InlineProcessor(
                definition -> definition.watermarks(WatermarkStrategy.monotonousTimestamps()))) {
            monotonous.run("A", T0.plusSeconds(10), ctx -> {
            });

            assertThat(monotonous.driver().watermark()).isEqualTo(T0.plusSeconds(10).minus(ONE_MS));
        }
    }

    @Test
    void isMinimumOverInputsOnceEveryInputHasRecords() {
        try (InlineProcessor twoInputs = new InlineProcessor(definition -> definition.source(QUOTES))) {
            twoInputs.run("A", T0.plusSeconds(20), ctx -> {
            });
            assertThat(twoInputs.driver().watermark()).as("quotes has no records yet").isBefore(T0);

            pipeQuote(twoInputs, T0.plusSeconds(10));
            assertThat(twoInputs.driver().watermark()).isEqualTo(T0.plusSeconds(10).minus(ONE_MS));

            pipeQuote(twoInputs, T0.plusSeconds(30));
            assertThat(twoInputs.driver().watermark()).isEqualTo(T0.plusSeconds(20).minus(ONE_MS));
        }
    }

    @Test
    void leavesOutInputIdleForLongerThanIdleTimeout() {
        try (InlineProcessor twoInputs = new InlineProcessor(definition -> definition.source(QUOTES)
                .watermarks(WatermarkStrategy.monotonousTimestamps().withIdleness(Duration.ofMinutes(1))))) {
            twoInputs.run("A", T0.plusSeconds(20), ctx -> {
            });

            twoInputs.driver().advanceProcessingTime(Duration.ofMinutes(1).minus(ONE_MS));
            assertThat(twoInputs.driver().watermark()).isBefore(T0);

            twoInputs.driver().advanceProcessingTime(ONE_MS);
            assertThat(twoInputs.driver().watermark()).as("quotes idle, ticks too: holds still").isBefore(T0);

            twoInputs.run("A", T0.plusSeconds(30), ctx -> {
            });
            assertThat(twoInputs.driver().watermark()).as("quotes idle").isEqualTo(T0.plusSeconds(30).minus(ONE_MS));

            pipeQuote(twoInputs, T0.plusSeconds(5));
            assertThat(twoInputs.driver().watermark()).as("never goes back").isEqualTo(T0.plusSeconds(30).minus(ONE_MS));
        }
    }

    @Test
    void usesEventTimeFromTheValueNotTheKafkaTimestamp() {
        processor.driver().pipe(null, Ticks.tick("A", T0.plusSeconds(10), 1), T0.plusSeconds(1000));

        assertThat(processor.driver().watermark()).isEqualTo(T0.plusSeconds(5).minus(ONE_MS));
    }

    private static void pipeQuote(InlineProcessor processor, Instant time) {
        processor.driver().pipeRaw(QUOTES, null, Ticks.utf8(Ticks.json("Q", time, 1)), time);
    }
}
