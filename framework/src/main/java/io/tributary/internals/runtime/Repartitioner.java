package io.tributary.internals.runtime;

import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.SourceRecordReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Re-keys source records by the processor's key and writes them to its repartition topic, so that all
 * records of a key meet in one task. The repartitioned record carries the key's bytes as its key, the
 * original value and headers, and the event time as its timestamp (the topic accepts any timestamp), so
 * the task reads them without extracting again. Unreadable records are dead-lettered here.
 */
final class Repartitioner<K, V> {

    private final SourceRecordReader<K, V> reader;
    private final String topic;
    private final KafkaRecordSink sink;

    Repartitioner(ProcessorDefinition<K, V, ?> definition, String topic, KafkaRecordSink sink, ProcessorMetrics metrics) {
        this.reader = new SourceRecordReader<>(definition, sink, metrics);
        this.topic = topic;
        this.sink = sink;
    }

    void forward(ConsumerRecord<byte[], byte[]> record) {
        if (reader.read(record)) {
            sink.send(topic, null, reader.keyBytes(), record.value(), reader.timestamp(), record.headers());
        }
    }
}
