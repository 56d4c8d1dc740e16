package io.tributary.internals.engine;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An input record whose processing started on the task thread and finishes later: while it is held, the input
 * offset of its partition is not committed past it. Carries what the task needs to resume the record's context
 * (key, event time, the input itself) when its result is emitted.
 *
 * <p>Created and released on the task thread only; other threads pass it around but never touch its state.
 */
public final class HeldRecord {

    final ConsumerRecord<byte[], byte[]> input;
    final Object key;
    final byte[] keyBytes;
    final long timestamp;
    boolean released;

    HeldRecord(ConsumerRecord<byte[], byte[]> input, Object key, byte[] keyBytes, long timestamp) {
        this.input = input;
        this.key = key;
        this.keyBytes = keyBytes;
        this.timestamp = timestamp;
    }

    /** The input offset that stays uncommitted while the record is held. */
    public long offset() {
        return input.offset();
    }

    public String topic() {
        return input.topic();
    }

    /** Whether the record was released (its result emitted or dead-lettered, or the record was dropped). */
    public boolean released() {
        return released;
    }

    @Override
    public String toString() {
        return "HeldRecord[" + input.topic() + "-" + input.partition() + "@" + input.offset() + "]";
    }
}
