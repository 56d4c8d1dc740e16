package io.tributary.window;

import java.time.Duration;

import io.tributary.api.ProcessorDefinition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Bad configurations fail at build time with a message naming the setting, the value and the fix. */
class WindowedAggregationBuilderTest {

    private static WindowedAggregation.Builder complete() {
        return Trades.trades("complete").window(TumblingWindows.of(Duration.ofMinutes(10))).aggregate(Aggregations.count());
    }

    @Test
    void buildsAProcessorDefinitionWithTheLateTopicAsSideOutput() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = complete()
                .maxOutOfOrderness(Duration.ofMinutes(3))
                .idleAdvance(Duration.ofMinutes(1))
                .lateRecords(Trades.LATE)
                .deadLetterTopic("dlt")
                .build();

        assertThat(definition.name()).isEqualTo("complete");
        assertThat(definition.sources()).containsExactly(Trades.SOURCE);
        assertThat(definition.outputTopic()).isEqualTo(Trades.OUTPUT);
        assertThat(definition.sideOutputTopics()).containsEntry(WindowedAggregation.LATE_RECORDS.name(), Trades.LATE);
        assertThat(definition.deadLetterTopic()).isEqualTo("dlt");
        assertThat(definition.watermarkStrategy().maxOutOfOrderness()).isEqualTo(Duration.ofMinutes(3));
        assertThat(definition.watermarkStrategy().idleAdvance()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void namesWhatIsMissing() {
        assertThatIllegalStateException().isThrownBy(() -> WindowedAggregation.builder("x").build())
                .withMessage("windowed aggregation 'x' has no source topic; call source(\"topic\")");
        assertThatIllegalStateException().isThrownBy(() -> WindowedAggregation.builder("x").source("in").build())
                .withMessageContaining("has no output topic");
        assertThatIllegalStateException().isThrownBy(() -> WindowedAggregation.builder("x").source("in").output("out").build())
                .withMessageContaining("has no key; call keyBy");
        assertThatIllegalStateException().isThrownBy(() -> Trades.trades("x").build())
                .withMessageContaining("has no windows; call e.g. window(TumblingWindows.of");
        assertThatIllegalStateException().isThrownBy(() -> Trades.trades("x").window(SessionWindows.withGap(Duration.ofMinutes(1))).build())
                .withMessageContaining("has no aggregation; call e.g. aggregate(Aggregations.count())");
    }

    @Test
    void rejectsLatenessSettingsOnProcessingTimeWindows() {
        assertThatIllegalStateException().isThrownBy(() -> complete().eventTime("timestamp").processingTime().build())
                .withMessageContaining("both processingTime() and eventTime(...)");
        WindowedAggregation.Builder processing = WindowedAggregation.builder("p").source("in").output("out").keyBy("k")
                .processingTime().window(TumblingWindows.of(Duration.ofMinutes(1))).aggregate(Aggregations.count());
        assertThatIllegalStateException().isThrownBy(() -> processing.allowedLateness(Duration.ofMinutes(1)).build())
                .withMessageContaining("allowedLateness PT1M on processing-time windows");
    }

    @Test
    void rejectsBadDurationsAndPaths() {
        assertThatIllegalArgumentException().isThrownBy(() -> complete().allowedLateness(Duration.ofSeconds(-1)))
                .withMessageContaining("allowedLateness of windowed aggregation 'complete' must not be negative, got PT-1S");
        assertThatIllegalArgumentException().isThrownBy(() -> complete().earlyFirings(Duration.ZERO))
                .withMessageContaining("earlyFirings interval of windowed aggregation 'complete' must be positive, got PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> complete().keyBy("a..b"))
                .withMessageContaining("'a..b' has an empty segment");
        assertThatIllegalArgumentException().isThrownBy(() -> Aggregations.sum(" "))
                .withMessageContaining("must not be blank");
    }
}
