package io.tributary.internals.engine;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Where a task's records go: the Kafka producer in the running runtime (inside the current transaction),
 * a list in the test driver.
 */
public interface RecordSink {

    /**
     * Sends one record. {@code partition} {@code null} lets the producer's partitioner choose from the key.
     * Must not block on the broker.
     */
    void send(String topic, @Nullable Integer partition, byte @Nullable [] key, byte @Nullable [] value,
            long timestamp, @Nullable Headers headers);
}
