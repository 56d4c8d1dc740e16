package io.tributary.internals.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A task's held records, per input topic in offset order, and the continuations other threads delivered to it.
 * Records are held in offset order and released in any order; the committable offset is that of the oldest one
 * still held, found by trimming released records off the head of its topic's queue (amortised O(1)).
 */
final class InFlightRecords {

    private final Map<String, ArrayDeque<HeldRecord>> byTopic = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> continuations = new ConcurrentLinkedQueue<>();
    private final ProcessorMetrics metrics;
    private volatile Runnable wakeup = () -> { };
    private volatile boolean closed;
    private int capacity = Integer.MAX_VALUE;
    private int held;

    InFlightRecords(ProcessorMetrics metrics) {
        this.metrics = metrics;
    }

    void capacity(int capacity) {
        this.capacity = capacity;
    }

    boolean hasCapacity() {
        return held < capacity;
    }

    int size() {
        return held;
    }

    HeldRecord hold(ConsumerRecord<byte[], byte[]> input, Object key, byte[] keyBytes, long timestamp) {
        HeldRecord record = new HeldRecord(input, key, keyBytes, timestamp);
        byTopic.computeIfAbsent(input.topic(), topic -> new ArrayDeque<>()).addLast(record);
        held++;
        metrics.asyncInFlight.increment();
        return record;
    }

    void release(HeldRecord record) {
        if (record.released) {
            return;
        }
        record.released = true;
        held--;
        metrics.asyncInFlight.decrement();
        trim(byTopic.get(record.topic()));
    }

    long committableOffset(String topic, long nextOffset) {
        ArrayDeque<HeldRecord> queue = byTopic.get(topic);
        if (queue == null) {
            return nextOffset;
        }
        trim(queue);
        HeldRecord oldest = queue.peekFirst();
        return oldest == null ? nextOffset : Math.min(oldest.offset(), nextOffset);
    }

    private static void trim(ArrayDeque<HeldRecord> queue) {
        while (!queue.isEmpty() && queue.peekFirst().released) {
            queue.pollFirst();
        }
    }

    void onDelivery(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    void deliver(Runnable continuation) {
        if (closed) {
            return;
        }
        continuations.add(continuation);
        wakeup.run();
    }

    boolean runDelivered() {
        boolean ran = false;
        Runnable continuation;
        while (!closed && (continuation = continuations.poll()) != null) {
            continuation.run();
            ran = true;
        }
        return ran;
    }

    /** Drops everything: held records are read again from the committed offsets by whoever owns them next. */
    void close() {
        closed = true;
        continuations.clear();
        metrics.asyncInFlight.add(-held);
        held = 0;
        byTopic.clear();
    }
}
