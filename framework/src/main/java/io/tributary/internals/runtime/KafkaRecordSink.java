package io.tributary.internals.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.RecordSink;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Sends a thread's records through its producer: begins the transaction on the first send after a commit,
 * remembers the first asynchronous send failure (so the commit fails instead of losing a record), and
 * keeps timestamps within what brokers accept.
 *
 * <p>While a transaction commits in the background ({@link #holdSends()}), the producer accepts no sends, so
 * records are held in memory until {@link #releaseHeld()} sends them in the next transaction (the one that
 * commits the input offsets they came from). The commit can block for as long as {@code max.block.ms} (a broker
 * stall), so the holding is bounded: once {@link #holdingFull()}, the processor thread waits for the commit before it
 * takes more input or finishes more work.
 *
 * <p>Kafka 4 brokers reject records stamped more than {@code log.message.timestamp.after.max.ms} (one hour
 * by default) ahead of their clock, which would fail every transaction holding such an output and
 * crash-loop the service. Outputs whose timestamp is over {@link #MAX_AHEAD_MILLIS} ahead of the
 * processing clock are therefore stamped with the processing time instead, and counted; the internal
 * topics the runtime creates accept any timestamp, so their records keep event time exactly.
 */
final class KafkaRecordSink implements RecordSink {

    static final long MAX_AHEAD_MILLIS = 50 * 60 * 1000L;

    private final ThreadClients clients;
    private final ProcessorMetrics metrics;
    private final java.time.InstantSource clock;
    private final java.util.Set<String> exactTimestampTopics;
    private volatile @Nullable Exception sendFailure;
    private final Callback callback = this::onCompletion;
    private final int maxHeld;
    private @Nullable List<ProducerRecord<byte[], byte[]>> held;

    /** @param maxHeld how many records may be held while a commit runs before {@link #holdingFull()} */
    KafkaRecordSink(ThreadClients clients, ProcessorMetrics metrics, java.time.InstantSource clock,
            java.util.Set<String> exactTimestampTopics, int maxHeld) {
        this.clients = clients;
        this.maxHeld = maxHeld;
        this.metrics = metrics;
        this.clock = clock;
        this.exactTimestampTopics = exactTimestampTopics;
    }

    @Override
    public void send(String topic, @Nullable Integer partition, byte @Nullable [] key, byte @Nullable [] value,
            long timestamp, @Nullable Headers headers) {
        ProducerRecord<byte[], byte[]> record = record(topic, partition, key, value, timestamp, headers);
        List<ProducerRecord<byte[], byte[]>> holding = held;
        if (holding != null) {
            holding.add(record);
            return;
        }
        clients.producerInTransaction().send(record, callback);
    }

    /** Sends and returns the future of the send, for callers that need the offset (the changelog). */
    Future<RecordMetadata> sendTracked(String topic, @Nullable Integer partition, byte @Nullable [] key,
            byte @Nullable [] value, long timestamp, @Nullable Headers headers) {
        if (held != null) {
            throw new IllegalStateException("a tracked send must wait for the commit in flight to finish");
        }
        return clients.producerInTransaction().send(record(topic, partition, key, value, timestamp, headers),
                callback);
    }

    /** Holds every send in memory from now until {@link #releaseHeld()}: a commit is in flight. */
    void holdSends() {
        held = new ArrayList<>();
    }

    /**
     * Whether as many records are held as may be: the caller must wait for the commit in flight (and
     * {@link #releaseHeld()}) before it takes more input, or the held records grow without bound while a commit is
     * stalled. A bound checked between steps, not per send: one step can add a poll's records or a turn's completions.
     */
    boolean holdingFull() {
        List<ProducerRecord<byte[], byte[]>> holding = held;
        return holding != null && holding.size() >= maxHeld;
    }

    /** Sends the held records, in order, in a new transaction, and sends directly again. */
    void releaseHeld() {
        List<ProducerRecord<byte[], byte[]>> holding = held;
        held = null;
        if (holding == null || holding.isEmpty()) {
            return;
        }
        Producer<byte[], byte[]> producer = clients.producerInTransaction();
        for (ProducerRecord<byte[], byte[]> record : holding) {
            producer.send(record, callback);
        }
    }

    private ProducerRecord<byte[], byte[]> record(String topic, @Nullable Integer partition, byte @Nullable [] key,
            byte @Nullable [] value, long timestamp, @Nullable Headers headers) {
        long stamped = timestamp;
        if (!exactTimestampTopics.contains(topic)) {
            long now = clock.millis();
            if (timestamp < 0 || timestamp > now + MAX_AHEAD_MILLIS) {
                stamped = now;
                metrics.timestampsClamped.increment();
            }
        }
        return new ProducerRecord<>(topic, partition, stamped, key, value, headers);
    }

    private void onCompletion(RecordMetadata metadata, @Nullable Exception exception) {
        if (exception != null && sendFailure == null) {
            sendFailure = exception;
        }
    }

    /** Throws the first send failure since the last {@link #reset()}, if any. */
    void checkSent() {
        Exception failure = sendFailure;
        if (failure != null) {
            throw failure instanceof KafkaException kafka ? kafka
                    : new KafkaException("a record could not be sent: " + failure.getMessage(), failure);
        }
    }

    /** Forgets the send failure and drops any held records: the work they came from is rolled back. */
    void reset() {
        sendFailure = null;
        held = null;
    }
}
