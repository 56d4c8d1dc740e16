package io.tributary.internals.dedup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.WatermarkStrategy;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key a keep-first deduplication without an output key writes its first occurrences under: its dedup key as the
 * key serde writes it, taken as the task read it where those are the same bytes (read from the value), and serialized
 * again where they need not be (a repartition topic's record key).
 */
class DeduplicationOutputKeyTest {

    private static final String INPUT = "ticks";

    private final InMemoryStoreProvider stores = new InMemoryStoreProvider();
    private final List<byte[]> outputKeys = new ArrayList<>();

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void fromASourceFirstOccurrencesAreKeyedByTheirDedupKey() {
        StreamTask<String, JsonNode, JsonNode> task = open(false);
        String tick = "{\"symbol\":\"Café\",\"timestamp\":\"2026-11-21T10:00:00Z\"}";

        task.process(record(null, tick));
        task.process(record(null, tick));

        assertThat(outputKeys).singleElement()
                .isEqualTo("Café|2026-11-21T10:00:00Z".getBytes(StandardCharsets.UTF_8));
        task.close();
    }

    @Test
    void fromARepartitionTopicARecordKeyTheSerdeWritesOtherwiseIsWrittenAsTheSerdeWritesIt() {
        StreamTask<String, JsonNode, JsonNode> task = open(true);
        // not UTF-8: the key serde reads it as "A\uFFFD", which it writes as other bytes
        byte[] key = {'A', (byte) 0xFF};

        task.process(record(key, "{\"symbol\":\"A\",\"timestamp\":\"2026-11-21T10:00:00Z\"}"));

        assertThat(outputKeys).singleElement().isEqualTo("A\uFFFD".getBytes(StandardCharsets.UTF_8));
        task.close();
    }

    @Test
    void aDecimalOutputKeyIsTheTreesTextNotTheLiteral() {
        // windows read decimals from the bytes; keep-first dedup keys by text, which for a decimal only the tree gives
        StreamTask<String, JsonNode, JsonNode> task = open(false, KeySelectors.field("price"));

        task.process(record(null, "{\"symbol\":\"A\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"price\":1e3}"));
        task.process(record(null, "{\"symbol\":\"B\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"price\":-0.0}"));

        assertThat(outputKeys).map(bytes -> new String(bytes, StandardCharsets.UTF_8)).containsExactly("1000.0", "-0.0");
        task.close();
    }

    private StreamTask<String, JsonNode, JsonNode> open(boolean fromRepartitionTopic) {
        // no output key: the builder keys output by the first key field unless the key is the whole value
        return open(fromRepartitionTopic, null);
    }

    private StreamTask<String, JsonNode, JsonNode> open(boolean fromRepartitionTopic,
            @Nullable KeySelector<JsonNode, String> outputKey) {
        DeduplicationSpec spec = new DeduplicationSpec(Duration.ofMinutes(10).toMillis(), false, false, null,
                outputKey);
        ProcessorDefinition<String, JsonNode, JsonNode> definition = ProcessorDefinition.json("dedup").source(INPUT)
                .key(KeySelectors.fields("symbol", "timestamp")).eventTime(EventTimeExtractors.field("timestamp"))
                .watermarks(WatermarkStrategy.boundedOutOfOrderness(Duration.ZERO)).output("out")
                .function(spec::newOperator).build();
        StreamTask<String, JsonNode, JsonNode> task = new StreamTask<>(definition, 0, List.of(INPUT),
                fromRepartitionTopic, stores.open("dedup", 0),
                (topic, partition, recordKey, value, timestamp, headers) -> outputKeys.add(recordKey),
                () -> Instant.EPOCH, new ProcessorMetrics(), TaskOptions.defaults());
        task.open();
        return task;
    }

    private static ConsumerRecord<byte[], byte[]> record(byte @Nullable [] key, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(INPUT, 0, 0, Instant.parse("2026-11-21T10:00:00Z").toEpochMilli(),
                TimestampType.CREATE_TIME, key == null ? -1 : key.length, value.length, key, value, new RecordHeaders(),
                Optional.empty());
    }
}
