package io.tributary.internals.engine;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

import io.tributary.state.TimeDomain;
import io.tributary.state.ValueStateDescriptor;

/**
 * A context whose function keeps out of the store and changelog the timers it can derive from its own state: it
 * registers them unlogged and derives them again from that state when it opens. For deduplication, whose marker of a
 * key says when the key's scope ends, so a logged timer would only repeat the marker (whose own changelog records
 * are packed, many markers to one, see {@link #markerState}).
 *
 * <p>The function must keep each derived timer and the state it derives from together: registered once with the state
 * written, and the state cleared when the timer fires, so that a restart (which derives timers from the committed
 * state) finds the same timers. Derived timers are kept compactly and only fire: they are neither merged with equal
 * ones nor deleted through the timer service. When one fires, the current key's bytes are in an array that the next
 * derived timer to fire with a key of the same length (up to {@code TimerQueue.MAX_REUSED_KEY_BYTES}) overwrites:
 * {@code onTimer} may read the key and clear the state the timer derives from, but must leave nothing holding those
 * bytes: no emit or side output under the current key, no other keyed state, no logged timer.
 *
 * <p>Times are epoch millis, not {@code Instant}s: a function registers one derived timer per key it remembers, and
 * the marker state maps each value to its time at every commit, so an object per call was garbage on the hot path.
 */
public interface DerivedTimers {

    /** Registers a timer at {@code timeMillis} (epoch millis) for the current key, kept in memory only. */
    void registerDerivedTimer(TimeDomain domain, long timeMillis);

    /** The time of the record or timer being processed in epoch millis, as {@code timestamp()} without an object. */
    long timestampMillis();

    /**
     * Declares {@code state}, one {@code long} per key, as the state timers are derived from, and registers for every
     * committed value a timer in memory only at {@code timeOf(value)} (epoch millis); within {@code open} only, before any other use
     * of the state's name. A timer of the same time and key already loaded from the store (written before its
     * function derived its timers) stays logged, so it leaves the store when it fires. The state is held in full in a
     * compact table, never evicted (the timers hold its keys anyway): reading a key it lacks needs no store lookup.
     * Its changes are logged packed, markers grouped by when they expire, {@code lifetime} being how long after it
     * is written a marker expires at most (deduplication's scope): see {@code CachedMarkerState}.
     */
    MarkerState markerState(ValueStateDescriptor<Long> state, TimeDomain domain, LongUnaryOperator timeOf,
            Duration lifetime);
}
