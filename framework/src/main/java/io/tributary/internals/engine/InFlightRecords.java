package io.tributary.internals.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A task's held records, per input topic in offset order, and the continuations other threads delivered to it.
 * Records are held in offset order and released in any order; the committable offset is that of the oldest one
 * still held, found by trimming released records off the head of its topic's queue (amortised O(1)).
 *
 * <p>Why progress is also checkpointed: results released out of order (unordered or per-key emission) sit above
 * the committed offset, which stops at the oldest record still held. Re-reading from there after a crash would
 * emit them twice. So each commit also writes, per input topic, the offset after the last record given and the
 * offsets still held (at most the capacity) as task metadata, in the same transaction as the offsets; on open
 * the task skips every record below that offset that was not held, as Flink restores only its in-flight elements.
 */
final class InFlightRecords {

    private record Progress(long next, Set<Long> held) {
    }

    private final Map<String, ArrayDeque<HeldRecord>> byTopic = new HashMap<>();
    private final Map<String, Long> nextOffsets = new HashMap<>();
    private final Map<String, Progress> restored = new HashMap<>();
    private final Set<String> checkpointed = new HashSet<>();
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

    boolean async() {
        return capacity != Integer.MAX_VALUE;
    }

    /**
     * Notes that {@code record} is given to the task; returns {@code false} when its result was already committed
     * before a restart (it was released above the committed offset), so it must be skipped.
     */
    boolean give(ConsumerRecord<byte[], byte[]> record) {
        nextOffsets.merge(record.topic(), record.offset() + 1, Math::max);
        if (restored.isEmpty()) {
            return true;
        }
        Progress progress = restored.get(record.topic());
        if (progress == null) {
            return true;
        }
        if (record.offset() >= progress.next()) {
            restored.remove(record.topic());
            return true;
        }
        return progress.held().contains(record.offset());
    }

    /** Writes each input's progress (next offset and offsets held) as task metadata, deleting it when none is held. */
    void flushTo(StoreBatch batch) {
        for (Map.Entry<String, Long> next : nextOffsets.entrySet()) {
            String topic = next.getKey();
            ArrayDeque<HeldRecord> queue = byTopic.get(topic);
            if (queue != null) {
                trim(queue);
            }
            byte[] key = progressKey(topic);
            if (queue == null || queue.isEmpty()) {
                if (checkpointed.remove(topic)) {
                    batch.delete(key);
                }
                continue;
            }
            int count = 0;
            for (HeldRecord record : queue) {
                count += record.released ? 0 : 1;
            }
            byte[] value = new byte[12 + 8 * count];
            StoreKeys.putLong(value, 0, next.getValue());
            StoreKeys.putInt(value, 8, count);
            int at = 12;
            for (HeldRecord record : queue) {
                if (!record.released) {
                    StoreKeys.putLong(value, at, record.offset());
                    at += 8;
                }
            }
            batch.put(key, value);
            checkpointed.add(topic);
        }
    }

    /** Reads the progress a previous owner committed, so records it already finished are skipped. */
    void load(KeyValueStore store, List<String> inputs) {
        for (String topic : inputs) {
            byte[] value = store.get(progressKey(topic));
            if (value == null) {
                continue;
            }
            int count = StoreKeys.getInt(value, 8);
            Set<Long> held = new HashSet<>();
            for (int i = 0; i < count; i++) {
                held.add(StoreKeys.getLong(value, 12 + 8 * i));
            }
            restored.put(topic, new Progress(StoreKeys.getLong(value, 0), held));
            checkpointed.add(topic);
        }
    }

    private static byte[] progressKey(String topic) {
        return StoreKeys.taskMetaKey("async-progress:" + topic);
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
