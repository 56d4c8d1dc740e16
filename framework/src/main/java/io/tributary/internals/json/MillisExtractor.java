package io.tributary.internals.json;

import java.time.Instant;

import io.tributary.api.EventTimeExtractor;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EventTimeExtractor} that can also answer in epoch milliseconds without creating an
 * {@link Instant}. The public contract speaks {@code Instant} (house style), but event time is read once per
 * record, so the engine checks {@code instanceof MillisExtractor} and calls {@link #extractMillis} instead,
 * saving two allocations per record. Implemented by the shipped extractors only.
 *
 * @param <V> the input value type
 */
public interface MillisExtractor<V> extends EventTimeExtractor<V> {

    /** What {@link #extractMillis} returns when the record has no usable event time. */
    long NONE = Long.MIN_VALUE;

    /**
     * Returns the event time of {@code value} in epoch milliseconds, or {@link #NONE} when it has none (the
     * engine then dead-letters the record as {@code missing-timestamp}). Must not throw for bad input.
     */
    long extractMillis(V value, long recordTimestampMillis);

    @Override
    default @Nullable Instant extract(V value, Instant recordTimestamp) {
        long millis = extractMillis(value, recordTimestamp.toEpochMilli());
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }
}
