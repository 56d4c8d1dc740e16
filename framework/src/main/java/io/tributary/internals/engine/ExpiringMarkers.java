package io.tributary.internals.engine;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

import io.tributary.state.TimeDomain;
import io.tributary.state.ValueStateDescriptor;

/**
 * A context that gives its function markers which expire by themselves: one {@code long} per key, read as absent once
 * the domain's time has passed the time the marker's value gives, exactly as if the function had registered a timer
 * at that time and cleared the marker in it. For deduplication, whose marker of a key says when the key's scope ends:
 * a timer per key remembered, fired and then cleared, was a sixth of its work, and a logged one repeated the marker.
 *
 * <p>Times are epoch millis, not {@code Instant}s: a function reads the record's time once per record, and an object
 * per call was garbage on the hot path.
 */
public interface ExpiringMarkers {

    /** The time of the record or timer being processed in epoch millis, as {@code timestamp()} without an object. */
    long timestampMillis();

    /**
     * Declares {@code state}, one {@code long} per key, whose value {@code v} expires at {@code timeOf(v)} (epoch
     * millis) in {@code domain}: from the first advance of the watermark (or processing clock) to that time or later,
     * the key reads as absent, including when it was set at or behind the time already reached (as a timer registered
     * in the past fires at the next advance). Within {@code open} only, before any other use of the state's name. The
     * state is held in full in a compact table, never evicted: reading a key it lacks needs no store lookup. Its
     * changes are logged packed, markers grouped by when they expire, {@code lifetime} being how long after it is
     * written a marker expires at most (deduplication's scope): see {@code CachedMarkerState}.
     */
    MarkerState markerState(ValueStateDescriptor<Long> state, TimeDomain domain, LongUnaryOperator timeOf,
            Duration lifetime);
}
