package io.tributary.engine;

import java.nio.ByteBuffer;
import java.util.List;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.engine.Ticks.SOURCE;
import static io.tributary.engine.Ticks.T0;
import static io.tributary.engine.Ticks.json;
import static io.tributary.engine.Ticks.pipe;
import static io.tributary.engine.Ticks.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    /** Emits each tick's symbol; a negative price makes it throw. */
    private static final KeyedProcessFunction<String, JsonNode, String> ECHO = (tick, ctx) -> {
        if (tick.get("price").longValue() < 0) {
            throw new IllegalArgumentException("price must not be negative, got " + tick.get("price"));
        }
        ctx.emit(ctx.currentKey());
    };

    private final ProcessorTestDriver<String, JsonNode, String> driver = Ticks.driver(Ticks.processor("echo"), ECHO);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void deadLettersMalformedJson() {
        assertDeadLettered(utf8("{\"symbol\":\"A\",\"timestamp\":"), "deserialization");
    }

    @Test
    void deadLettersNullValue() {
        assertDeadLettered(null, "null-value");
    }

    @Test
    void deadLettersRecordWithoutKeyField() {
        assertDeadLettered(utf8("{\"timestamp\":\"" + T0 + "\",\"price\":1}"), "missing-key");
    }

    @Test
    void deadLettersRecordWithEmptyKey() {
        assertDeadLettered(utf8(json("", T0, 1)), "missing-key");
    }

    @Test
    void deadLettersRecordWithoutTimestamp() {
        assertDeadLettered(utf8("{\"symbol\":\"A\",\"price\":1}"), "missing-timestamp");
    }

    @Test
    void deadLettersRecordWithInvalidTimestamp() {
        assertDeadLettered(utf8("{\"symbol\":\"A\",\"timestamp\":\"yesterday\",\"price\":1}"), "missing-timestamp");
    }

    @Test
    void deadLettersRecordWithTimestampWithoutOffset() {
        assertDeadLettered(utf8("{\"symbol\":\"A\",\"timestamp\":\"2026-01-01T00:00:01\",\"price\":1}"),
                "missing-timestamp");
    }

    @Test
    void deadLettersRecordTheFunctionFailsOn() {
        TestRecord<byte[], byte[]> deadLetter = assertDeadLettered(utf8(json("A", T0, -5)), "processing-error");

        assertThat(deadLetter.header("kafka_dlt-exception-message")).contains("price must not be negative, got -5");
        assertThat(deadLetter.header("kafka_dlt-exception-fqcn")).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(deadLetter.header("kafka_dlt-exception-stacktrace")).contains("IllegalArgumentException");
    }

    @Test
    void keepsOriginalHeadersAndTimestamp() {
        driver.pipeRaw(SOURCE, utf8("k"), utf8("not json"), T0.plusSeconds(7));

        TestRecord<byte[], byte[]> deadLetter = driver.readDeadLetters().get(0);

        assertThat(deadLetter.timestamp()).isEqualTo(T0.plusSeconds(7));
        assertThat(deadLetter.header("tributary-processor")).isEqualTo("echo");
        assertThat(longHeader(deadLetter, "kafka_dlt-original-timestamp")).isEqualTo(T0.plusSeconds(7).toEpochMilli());
        assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
                .isZero();
    }

    @Test
    void sendsToConfiguredDeadLetterTopic() {
        try (ProcessorTestDriver<String, JsonNode, String> custom =
                Ticks.driver(Ticks.processor("echo").deadLetterTopic("ticks-rejected"), ECHO)) {
            custom.pipeRaw(SOURCE, null, null, T0);

            assertThat(custom.readDeadLetters()).extracting(TestRecord::topic).containsExactly("ticks-rejected");
        }
    }

    /**
     * Pipes a good record, {@code value} (with a record key of its own) and another good record; checks that
     * exactly {@code value} was dead-lettered, unchanged and with the Spring Kafka and Tributary headers.
     */
    private TestRecord<byte[], byte[]> assertDeadLettered(byte[] value, String reason) {
        pipe(driver, "before", T0, 1);
        driver.pipeRaw(SOURCE, utf8("record-key"), value, T0);
        pipe(driver, "after", T0, 1);

        List<TestRecord<byte[], byte[]>> deadLetters = driver.readDeadLetters();

        assertThat(deadLetters).hasSize(1);
        TestRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.topic()).isEqualTo(SOURCE + "-dlt");
        assertThat(deadLetter.value()).isEqualTo(value);
        assertThat(deadLetter.key()).isEqualTo(utf8("record-key"));
        assertThat(deadLetter.header("tributary-dlt-reason")).isEqualTo(reason);
        assertThat(deadLetter.header("kafka_dlt-original-topic")).isEqualTo(SOURCE);
        assertThat(longHeader(deadLetter, "kafka_dlt-original-offset")).isEqualTo(1L);
        assertThat(deadLetter.header("kafka_dlt-exception-message")).isNotBlank();
        assertThat(driver.readOutput()).extracting(TestRecord::value).containsExactly("before", "after");
        return deadLetter;
    }

    private static long longHeader(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as(name).isNotNull();
        return ByteBuffer.wrap(header.value()).getLong();
    }
}
