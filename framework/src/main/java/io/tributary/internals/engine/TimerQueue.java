package io.tributary.internals.engine;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import org.jspecify.annotations.Nullable;

/**
 * The timers of one task in one time domain: in memory as a priority queue for firing in time order, and
 * in the store and changelog (registrations and deletions written at commit, like state) so they survive
 * restarts and move with their partition.
 */
final class TimerQueue {

    private final byte domain;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private final Set<Timer> live = new HashSet<>();
    // Changes since the last flush: TRUE puts a timer the store lacks, FALSE deletes one the store holds. A timer
    // registered and gone again between two flushes leaves no entry, so it never reaches the changelog.
    private final Map<Timer, Boolean> pending = new LinkedHashMap<>();

    TimerQueue(byte domain) {
        this.domain = domain;
    }

    /** Loads the timers stored for this domain. */
    void load(KeyValueStore store, Function<byte[], Object> keyDecoder) {
        try (StoreIterator it = store.prefixScan(StoreKeys.timerPrefix(domain))) {
            while (it.next()) {
                byte[] storeKey = it.key();
                byte[] keyBytes = StoreKeys.timerKeyBytes(storeKey);
                Timer timer = new Timer(StoreKeys.timerTime(storeKey), keyDecoder.apply(keyBytes), keyBytes);
                if (live.add(timer)) {
                    queue.add(timer);
                }
            }
        }
    }

    void register(long time, Object key, byte[] keyBytes) {
        Timer timer = new Timer(time, key, keyBytes);
        if (live.add(timer)) {
            queue.add(timer);
            if (pending.remove(timer) == null) {
                pending.put(timer, Boolean.TRUE);
            }
        }
    }

    void delete(long time, byte[] keyBytes) {
        Timer probe = new Timer(time, "", keyBytes);
        if (live.remove(probe)) {
            // Left in the queue and skipped when it surfaces: removal from a heap is linear.
            removed(probe);
        }
    }

    /** Records that a live timer is gone: a delete when the store holds it, nothing when it was never flushed. */
    private void removed(Timer timer) {
        if (pending.remove(timer) == null) {
            pending.put(timer, Boolean.FALSE);
        }
    }

    /** Removes and returns the earliest live timer due at {@code time}, or {@code null}. */
    @Nullable Timer pollDue(long time) {
        Timer head;
        while ((head = queue.peek()) != null && head.time <= time) {
            queue.poll();
            if (live.remove(head)) {
                removed(head);
                return head;
            }
        }
        return null;
    }

    /** The time of the earliest live timer, or {@link Long#MAX_VALUE}. */
    long nextTime() {
        Timer head;
        while ((head = queue.peek()) != null && !live.contains(head)) {
            queue.poll();
        }
        return head == null ? Long.MAX_VALUE : head.time;
    }

    int size() {
        return live.size();
    }

    void flushTo(StoreBatch batch) {
        for (Map.Entry<Timer, Boolean> change : pending.entrySet()) {
            Timer timer = change.getKey();
            byte[] storeKey = StoreKeys.timerKey(domain, timer.time, timer.keyBytes);
            if (change.getValue()) {
                batch.put(storeKey, new byte[0]);
            }
            else {
                batch.delete(storeKey);
            }
        }
        pending.clear();
    }

    int dirtyCount() {
        return pending.size();
    }
}
