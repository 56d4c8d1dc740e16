package io.tributary.annotation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.api.ProcessorDefinition;
import io.tributary.dedup.Deduplication;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DeduplicateAnnotationTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    static class Ticks {

        @Deduplicate(name = "dedup", sources = "${ticks.topic}", output = "stock_ticker_dedup",
                keyFields = "symbol, timestamp", timestampField = "timestamp", scope = "${dedup.scope}",
                maxOutOfOrderness = "3m", duplicatesTopic = "duplicates")
        void dedup() {
        }

        @Deduplicate(name = "latest", sources = "stock_ticker", output = "latest", keyFields = "symbol",
                timestampField = "timestamp", scope = "1m", keep = Deduplicate.Keep.LAST)
        void latest() {
        }

        @Deduplicate(name = "exact", sources = "stock_ticker", output = "exact", wholeValue = true,
                outputKeyField = "symbol", scope = "10s", processingTime = true)
        void exact() {
        }
    }

    @Test
    void turnsEachAnnotatedMethodIntoADeduplicationWithPlaceholdersResolved() {
        Map<String, String> properties = Map.of("${ticks.topic}", "stock_ticker", "${dedup.scope}", "10m");
        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors.definitionsOf(new Ticks(),
                text -> properties.getOrDefault(text, text));

        assertThat(definitions).extracting(ProcessorDefinition::name).containsExactly("dedup", "exact", "latest");
        assertThat(definitions.get(0).sources()).containsExactly("stock_ticker");
        assertThat(definitions.get(0).outputTopic()).isEqualTo("stock_ticker_dedup");
    }

    @Test
    void dropsRepeatsOfTheKeyFieldsWithinTheScopeAndSendsThemToTheDuplicatesTopic() {
        try (ProcessorTestDriver<String, JsonNode, Object> driver = driver("dedup")) {
            pipe(driver, "AMZN", 0, 187);
            pipe(driver, "AMZN", 0, 187);
            pipe(driver, "AMZN", 1, 188);

            assertThat(driver.readOutput()).extracting(r -> ((JsonNode) r.value()).get("price").asInt()).containsExactly(187, 188);
            assertThat(driver.readSideOutput(Deduplication.DUPLICATES)).extracting(TestRecord::topic)
                    .containsExactly("duplicates");
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
        }
    }

    @Test
    void keepLastEmitsTheLastOccurrenceWhenTheScopeEnds() {
        try (ProcessorTestDriver<String, JsonNode, Object> driver = driver("latest")) {
            pipe(driver, "AMZN", 0, 187);
            pipe(driver, "AMZN", 30, 190);
            assertThat(driver.readOutput()).isEmpty();

            driver.advanceWatermark(T0.plusSeconds(60));

            assertThat(driver.readOutput()).extracting(r -> ((JsonNode) r.value()).get("price").asInt()).containsExactly(190);
        }
    }

    @Test
    void wholeValueTreatsEqualValuesAsDuplicatesAndKeysOutputByTheOutputKeyField() {
        try (ProcessorTestDriver<String, JsonNode, Object> driver = driver("exact")) {
            pipe(driver, "AMZN", 0, 187);
            pipe(driver, "AMZN", 0, 187);
            pipe(driver, "AMZN", 0, 188);

            assertThat(driver.readOutput()).extracting(TestRecord::key).containsExactly("AMZN", "AMZN");
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
        }
    }

    static class NoScope {
        @Deduplicate(name = "bad", sources = "in", output = "out", keyFields = "id", scope = "")
        void dedup() {
        }
    }

    static class NoKey {
        @Deduplicate(name = "bad", sources = "in", output = "out", scope = "1m")
        void dedup() {
        }
    }

    static class KeyAndWholeValue {
        @Deduplicate(name = "bad", sources = "in", output = "out", keyFields = "id", wholeValue = true, scope = "1m")
        void dedup() {
        }
    }

    static class ProcessingTimeWithTimestampField {
        @Deduplicate(name = "bad", sources = "in", output = "out", keyFields = "id", timestampField = "ts",
                processingTime = true, scope = "1m")
        void dedup() {
        }
    }

    static class WithParameters {
        @Deduplicate(name = "bad", sources = "in", output = "out", keyFields = "id", scope = "1m")
        void dedup(JsonNode value) {
        }
    }

    static class TwoOperators {
        @Deduplicate(name = "bad", sources = "in", output = "out", keyFields = "id", scope = "1m")
        @WindowedAggregation(name = "bad", sources = "in", output = "out", keyField = "id", size = "1m",
                aggregations = "count")
        void both() {
        }
    }

    @Test
    void refusesBadAttributesNamingTheProcessorAndTheFix() {
        String where = "@Deduplicate 'bad' on ";
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new NoScope()))
                .withMessageStartingWith(where + NoScope.class.getName() + ".dedup()")
                .withMessageContaining("scope is empty").withMessageContaining("scope = \"10m\"");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new NoKey()))
                .withMessageContaining(where).withMessageContaining("keyFields is empty")
                .withMessageContaining("wholeValue = true");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new KeyAndWholeValue()))
                .withMessageContaining(where).withMessageContaining("keyFields 'id' is set with wholeValue = true");
        assertThatIllegalStateException()
                .isThrownBy(() -> AnnotatedProcessors.definitionsOf(new ProcessingTimeWithTimestampField()))
                .withMessageContaining(where)
                .withMessageContaining("timestampField 'ts' is set with processingTime = true");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new WithParameters()))
                .withMessageContaining(where).withMessageContaining("instance method 'void dedup()'");
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(new TwoOperators()))
                .withMessageContaining("has @WindowedAggregation and @Deduplicate")
                .withMessageContaining("put them on separate methods");
    }

    @SuppressWarnings("unchecked")
    private static ProcessorTestDriver<String, JsonNode, Object> driver(String name) {
        ProcessorDefinition<String, ?, Object> definition = AnnotatedProcessors.definitionsOf(new Ticks(),
                        text -> text.replace("${ticks.topic}", "stock_ticker").replace("${dedup.scope}", "10m"))
                .stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow();
        return ProcessorTestDriver.of((ProcessorDefinition<String, JsonNode, Object>) definition);
    }

    private static void pipe(ProcessorTestDriver<String, JsonNode, Object> driver, String symbol, int second,
            long price) {
        Instant timestamp = T0.plusSeconds(second);
        ObjectNode tick = JsonNodeFactory.instance.objectNode().put("symbol", symbol).put("price", price)
                .put("timestamp", timestamp.toString());
        driver.pipe(symbol, tick, timestamp);
    }
}
