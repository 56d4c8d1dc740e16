package io.tributary.internals.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
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
    private final Function<byte[], Object> keyDecoder;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    // live logged timers mapped to themselves: a probe finds the registered instance
    private final Map<Timer, Timer> live = new HashMap<>();
    // Changes since the last flush: TRUE puts a timer the store lacks, FALSE deletes one the store holds. A timer
    // registered and gone again between two flushes leaves no entry, so it never reaches the changelog.
    private final Map<Timer, Boolean> pending = new LinkedHashMap<>();

    /** {@code keyDecoder} turns key bytes into the key object, for the logged timers loaded from the store. */
    TimerQueue(byte domain, Function<byte[], Object> keyDecoder) {
        this.domain = domain;
        this.keyDecoder = keyDecoder;
    }

    /** Loads the timers stored for this domain. */
    void load(KeyValueStore store) {
        try (StoreIterator it = store.prefixScan(StoreKeys.timerPrefix(domain))) {
            while (it.next()) {
                byte[] storeKey = it.key();
                byte[] keyBytes = StoreKeys.timerKeyBytes(storeKey);
                Timer timer = new Timer(StoreKeys.timerTime(storeKey), keyDecoder.apply(keyBytes), keyBytes);
                if (live.putIfAbsent(timer, timer) == null) {
                    queue.add(timer);
                }
            }
        }
    }

    /** Registers a timer; once per time and key. */
    void register(long time, Object key, byte[] keyBytes) {
        Timer timer = new Timer(time, key, keyBytes);
        if (live.putIfAbsent(timer, timer) != null) {
            return;
        }
        queue.add(timer);
        if (pending.remove(timer) == null) {
            pending.put(timer, Boolean.TRUE);
        }
    }

    void delete(long time, byte[] keyBytes) {
        Timer registered = live.remove(new Timer(time, "", keyBytes));
        if (registered != null) {
            // Left in the queue and skipped when it surfaces: removal from a heap is linear.
            removed(registered);
        }
    }

    /** Records that a live timer is gone: a delete when the store holds it, nothing when it was never flushed. */
    private void removed(Timer timer) {
        if (pending.remove(timer) == null) {
            pending.put(timer, Boolean.FALSE);
        }
    }

    /** Removes the earliest live timer due at {@code time} and returns it, or returns {@code null}. */
    @Nullable Timer pollDue(long time) {
        Timer head;
        while ((head = queue.peek()) != null && head.time <= time) {
            queue.poll();
            // the registered instance, which may be a later registration equal to a deleted one still queued
            Timer registered = live.remove(head);
            if (registered != null) {
                removed(registered);
                return registered;
            }
        }
        return null;
    }

    /** The time of the earliest live timer, or {@link Long#MAX_VALUE}. */
    long nextTime() {
        Timer head;
        while ((head = queue.peek()) != null && !live.containsKey(head)) {
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
