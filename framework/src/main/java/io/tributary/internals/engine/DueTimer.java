package io.tributary.internals.engine;

import org.jspecify.annotations.Nullable;

/**
 * A timer {@link TimerQueue#pollDue} has just taken off its queue, for the task to fire: one instance per queue,
 * overwritten by each poll, so firing a timer kept as time and key bytes only (a derived timer, one per key a
 * deduplication remembers) allocates nothing. Valid until the queue's next poll. Single-threaded.
 */
final class DueTimer {

    long time;
    /**
     * The key's bytes; an unlogged timer's, when at most {@link TimerQueue#MAX_REUSED_KEY_BYTES} long, are in an
     * array the queue overwrites with the next unlogged timer's key of the same length.
     */
    byte[] keyBytes = new byte[0];
    /** The key object, held by a logged timer; {@code null} for an unlogged one, which keeps only the bytes. */
    @Nullable Object key;
    boolean logged;

    DueTimer set(long time, byte[] keyBytes, @Nullable Object key, boolean logged) {
        this.time = time;
        this.keyBytes = keyBytes;
        this.key = key;
        this.logged = logged;
        return this;
    }
}
