package io.tributary.internals.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ProducerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processing thread's producer and its transaction: begun lazily on the first send after a commit,
 * committed with the input offsets, aborted (or the producer replaced, when fenced) after a failure.
 */
final class ThreadClients {

    private static final Logger log = LoggerFactory.getLogger(ThreadClients.class);

    private final Supplier<Producer<byte[], byte[]>> producerFactory;
    private final String clientId;
    private final List<ProducerFactory.Listener<byte[], byte[]>> listeners;
    private final boolean transactional;
    private Producer<byte[], byte[]> producer;
    private boolean inTransaction;

    ThreadClients(Supplier<Producer<byte[], byte[]>> producerFactory, String clientId,
            List<ProducerFactory.Listener<byte[], byte[]>> listeners, boolean transactional) {
        this.producerFactory = producerFactory;
        this.clientId = clientId;
        this.listeners = listeners;
        this.transactional = transactional;
        this.producer = newProducer();
    }

    private Producer<byte[], byte[]> newProducer() {
        Producer<byte[], byte[]> created = producerFactory.get();
        listeners.forEach(listener -> listener.producerAdded(clientId, created));
        if (transactional) {
            // Fences any earlier producer with the same transactional id and aborts its open transaction.
            created.initTransactions();
        }
        return created;
    }

    Producer<byte[], byte[]> producerInTransaction() {
        if (transactional && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
        return producer;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }


    /** Commits the open transaction with {@code offsets}; begins one first if nothing was sent. */
    void commitTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        sendOffsets(offsets, group);
        commitOffsetsSent();
    }

    /**
     * Adds {@code offsets} to the open transaction (begun first if nothing was sent), with the consumer's group
     * metadata as read when the commit started. No poll of the consumer may come between that read and this call,
     * so a rebalance cannot have moved the group to a newer generation first (the offsets would fail with
     * {@code ILLEGAL_GENERATION} and the whole transaction be redone): for a background commit this runs on the
     * committer thread while the processor thread holds off polling.
     */
    void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producerInTransaction();
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, group);
        }
    }

    /**
     * Commits the open transaction, its offsets already added by {@link #sendOffsets}. Safe on another thread than
     * the consumer's: the producer is thread-safe and the group generation was checked when the offsets were added.
     */
    void commitOffsetsSent() {
        producerInTransaction();
        producer.commitTransaction();
        inTransaction = false;
    }

    /** Abandons the open transaction; replaces the producer when it cannot abort (fenced or broken). */
    void abortOrReplace() {
        if (!transactional) {
            return;
        }
        if (inTransaction) {
            try {
                producer.abortTransaction();
                inTransaction = false;
                return;
            }
            catch (KafkaException ex) {
                log.warn("Could not abort transaction ({}); replacing the producer", ex.toString());
            }
        }
        else {
            return;
        }
        replaceProducer();
    }

    void replaceProducer() {
        inTransaction = false;
        Producer<byte[], byte[]> old = producer;
        listeners.forEach(listener -> listener.producerRemoved(clientId, old));
        try {
            producer.close(Duration.ZERO);
        }
        catch (KafkaException ex) {
            log.debug("Closing the old producer failed", ex);
        }
        producer = newProducer();
    }

    void close(Duration timeout) {
        Producer<byte[], byte[]> closing = producer;
        listeners.forEach(listener -> listener.producerRemoved(clientId, closing));
        producer.close(timeout);
    }
}
