package io.tributary.internals.engine;

import java.util.Arrays;
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
 * restarts and move with their partition. Unlogged timers ({@link #registerUnlogged}) live in memory only, in a
 * compact heap of their own: their function derives them from its own state when it opens, so storing and logging
 * them would only repeat that state. Both kinds fire in one time order.
 */
final class TimerQueue {

    /** Longer keys of unlogged timers get an array each: kept arrays of every length would add up. */
    static final int MAX_REUSED_KEY_BYTES = 128;

    private final byte domain;
    private final Function<byte[], Object> keyDecoder;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private final DerivedTimerHeap unlogged = new DerivedTimerHeap();
    private final DueTimer due = new DueTimer();
    // an unlogged timer's key bytes, by their length, overwritten by the next such timer of that length
    private byte[][] unloggedKeys = new byte[0][];
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

    /**
     * Registers a logged timer; once per time and key. An unlogged timer of the same time and key registered earlier
     * does not fire besides it: the two fire once, as this one.
     */
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

    /**
     * Registers a timer kept in memory only, never stored or changelogged; a logged timer of the same time and key
     * (from a store written before the function derived its timers) stays as it is. The caller registers each such
     * timer once (see {@link DerivedTimers}): unlogged timers are not merged with each other, and {@link #delete}
     * does not reach them.
     */
    void registerUnlogged(long time, byte[] keyBytes) {
        if (live.isEmpty() || !live.containsKey(new Timer(time, "", keyBytes))) {
            unlogged.add(time, keyBytes);
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

    /**
     * Removes the earliest live timer due at {@code time} and returns it, in this queue's one {@link DueTimer} (valid
     * until the next poll), or returns {@code null}.
     */
    @Nullable DueTimer pollDue(long time) {
        Timer head;
        while ((head = queue.peek()) != null && head.time <= time) {
            if (unloggedFirst(head)) {
                return pollUnlogged();
            }
            queue.poll();
            // the registered instance, which may be a later registration equal to a deleted one still queued
            Timer registered = live.remove(head);
            if (registered != null) {
                removed(registered);
                dropUnloggedEqualTo(registered);
                return due.set(registered.time, registered.keyBytes, registered.key, true);
            }
        }
        return unlogged.size() > 0 && unlogged.peekTime() <= time ? pollUnlogged() : null;
    }

    /**
     * Drops an unlogged timer of the same time and key as {@code fired}, registered before it (an unlogged one
     * registered after is never added): a time and key fire once, whichever kind registered them first. Such a twin
     * is at the top of its heap now, as it orders no earlier than the logged head and no later than its equal.
     */
    private void dropUnloggedEqualTo(Timer fired) {
        while (unlogged.size() > 0 && unlogged.peekTime() == fired.time && unlogged.peekKeyEquals(fired.keyBytes)) {
            unlogged.poll();
        }
    }

    private boolean unloggedFirst(Timer head) {
        if (unlogged.size() == 0) {
            return false;
        }
        int byTime = Long.compare(unlogged.peekTime(), head.time);
        return byTime != 0 ? byTime < 0 : unlogged.comparePeekKey(head.keyBytes) < 0;
    }

    /**
     * Polls the earliest unlogged timer, its key bytes copied out of the heap's slabs into an array kept for keys of
     * their length (one per record remembered was garbage): a derived timer's function keeps nothing of them.
     */
    private DueTimer pollUnlogged() {
        long time = unlogged.peekTime();
        byte[] keyBytes = unloggedKey(unlogged.peekKeyLength());
        unlogged.peekKey(keyBytes);
        unlogged.poll();
        return due.set(time, keyBytes, null, false);
    }

    private byte[] unloggedKey(int length) {
        if (length > MAX_REUSED_KEY_BYTES) {
            return new byte[length];
        }
        if (length >= unloggedKeys.length) {
            unloggedKeys = Arrays.copyOf(unloggedKeys, length + 1);
        }
        byte[] keyBytes = unloggedKeys[length];
        if (keyBytes == null) {
            keyBytes = new byte[length];
            unloggedKeys[length] = keyBytes;
        }
        return keyBytes;
    }

    /** The time of the earliest live timer, or {@link Long#MAX_VALUE}. */
    long nextTime() {
        Timer head;
        while ((head = queue.peek()) != null && !live.containsKey(head)) {
            queue.poll();
        }
        long next = head == null ? Long.MAX_VALUE : head.time;
        return unlogged.size() == 0 ? next : Math.min(next, unlogged.peekTime());
    }

    int size() {
        return live.size() + unlogged.size();
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
