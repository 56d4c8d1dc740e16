package io.tributary.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance 4: malformed records land in the dead-letter topic with reason headers while good records flow. */
@RealKafka
class DeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void malformedRecordsAreDeadLetteredAndGoodOnesFlow(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("ticks", 1);
        String output = broker.uniqueTopic("ticks-out");
        String deadLetters = broker.uniqueTopic("ticks-dlt");
        ProcessorDefinition<String, JsonNode, JsonNode> passThrough = ProcessorDefinition.json("pass")
                .source(input)
                .key(KeySelectors.field("symbol"))
                .eventTime(EventTimeExtractors.field("timestamp"))
                .output(output)
                .deadLetterTopic(deadLetters)
                .function(() -> (value, context) -> context.emit(value))
                .build();
        TributaryConfig config = TributaryConfig.builder(broker.uniqueTopic("dlt-app"))
                .bootstrapServers(broker.bootstrapServers()).stateDir(stateDir).build();

        try (Tributary tributary = Tributary.create(config, List.of(passThrough)).start()) {
            broker.produce(input, "AMZN", "{\"symbol\":\"AMZN\",\"price\":1,\"timestamp\":\"2026-11-21T10:00:00Z\"}");
            broker.produce(input, "AMZN", "{not json");
            broker.produce(input, "AMZN", "{\"symbol\":\"AMZN\",\"price\":2}");
            broker.produce(input, "AMZN", "{\"price\":3,\"timestamp\":\"2026-11-21T10:00:01Z\"}");
            broker.produce(input, "AMZN", null);
            broker.produce(input, "AMZN", "{\"symbol\":\"AMZN\",\"timestamp\":\"yesterday\"}");
            broker.produce(input, "AMZN", "{\"symbol\":\"AMZN\",\"price\":4,\"timestamp\":\"2026-11-21T10:00:02Z\"}");

            List<ConsumerRecord<String, String>> good = broker.readAllCommitted(output, 2, WAIT);
            List<ConsumerRecord<String, String>> dead = broker.readAllCommitted(deadLetters, 5, WAIT);

            assertThat(good).extracting(ConsumerRecord::value).containsExactly(
                    "{\"symbol\":\"AMZN\",\"price\":1,\"timestamp\":\"2026-11-21T10:00:00Z\"}",
                    "{\"symbol\":\"AMZN\",\"price\":4,\"timestamp\":\"2026-11-21T10:00:02Z\"}");
            Map<Long, String> reasonByOffset = new TreeMap<>();
            for (ConsumerRecord<String, String> record : dead) {
                reasonByOffset.put(longHeader(record, "kafka_dlt-original-offset"), header(record, "tributary-dlt-reason"));
                assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(input);
                assertThat(header(record, "kafka_dlt-exception-message")).isNotBlank();
            }
            assertThat(reasonByOffset).containsExactly(
                    Map.entry(1L, "deserialization"),
                    Map.entry(2L, "missing-timestamp"),
                    Map.entry(3L, "missing-key"),
                    Map.entry(4L, "null-value"),
                    Map.entry(5L, "missing-timestamp"));
            assertThat(dead.get(0).value()).isEqualTo("{not json");
            assertThat(tributary.status().get("pass").deadLettered()).isEqualTo(5);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long longHeader(ConsumerRecord<String, String> record, String name) {
        return java.nio.ByteBuffer.wrap(record.headers().lastHeader(name).value()).getLong();
    }
}
