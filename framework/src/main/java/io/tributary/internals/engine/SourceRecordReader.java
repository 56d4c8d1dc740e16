package io.tributary.internals.engine;

import java.util.List;

import io.tributary.api.ProcessorDefinition;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads key and event time from source records for the repartitioning step, dead-lettering those that
 * cannot be read, exactly as a task would. It never needs the value itself, so where the definition allows, key and
 * time are read from the value's bytes without parsing its tree.
 */
public final class SourceRecordReader<K, V> {

    private final RecordExtractor<K, V> extractor;
    private final DeadLetters deadLetters;
    private final ProcessorMetrics metrics;

    public SourceRecordReader(ProcessorDefinition<K, V, ?> definition, RecordSink sink, ProcessorMetrics metrics) {
        this.extractor = new RecordExtractor<>(definition, false, List.of());
        this.deadLetters = new DeadLetters(definition.deadLetterTopic(), definition.name(), sink, metrics);
        this.metrics = metrics;
    }

    /** Reads {@code record}; returns {@code false} after dead-lettering it. */
    public boolean read(ConsumerRecord<byte[], byte[]> record) {
        if (extractor.extract(record)) {
            return true;
        }
        metrics.recordsIn.increment();
        deadLetters.send(record, extractor.failure, extractor.failureDetail, extractor.failureCause);
        return false;
    }

    public byte[] keyBytes() {
        return extractor.keyBytes;
    }

    public long timestamp() {
        return extractor.timestamp;
    }
}
