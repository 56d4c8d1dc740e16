package io.tributary.internals.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sends unreadable or failing input records, unchanged, to the processor's dead-letter topic with headers
 * saying why. The header names and encodings are Spring Kafka's ({@code DeadLetterPublishingRecoverer}),
 * so existing DLT tooling reads them; Spring's recoverer itself is not used because the record must go
 * out through the runtime's own producer, inside the transaction that commits the input offset.
 */
final class DeadLetters {

    static final String REASON_HEADER = "tributary-dlt-reason";
    static final String PROCESSOR_HEADER = "tributary-processor";

    private final String topic;
    private final String processor;
    private final RecordSink sink;
    private final ProcessorMetrics metrics;

    DeadLetters(String topic, String processor, RecordSink sink, ProcessorMetrics metrics) {
        this.topic = topic;
        this.processor = processor;
        this.sink = sink;
        this.metrics = metrics;
    }

    void send(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, @Nullable String detail,
            @Nullable Throwable cause) {
        send(topic, record, reason.header(), detail, cause, Map.of());
    }

    /** Sends to {@code target} (not necessarily the processor's topic) with a free-form reason and extra headers. */
    void send(String target, ConsumerRecord<byte[], byte[]> record, String reason, @Nullable String detail,
            @Nullable Throwable cause, Map<String, String> extraHeaders) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON_HEADER, utf8(reason));
        headers.add(PROCESSOR_HEADER, utf8(processor));
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
        String message = detail != null ? detail : cause != null ? String.valueOf(cause.getMessage()) : reason;
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(message));
        if (cause != null) {
            headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(cause.getClass().getName()));
            headers.add(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, utf8(stackTrace(cause)));
        }
        extraHeaders.forEach((name, value) -> headers.add(name, utf8(value)));
        sink.send(target, null, record.key(), record.value(), record.timestamp(), headers);
        metrics.deadLettered.increment();
    }


    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable cause) {
        StringWriter out = new StringWriter();
        cause.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() > 8192 ? trace.substring(0, 8192) : trace;
    }
}
