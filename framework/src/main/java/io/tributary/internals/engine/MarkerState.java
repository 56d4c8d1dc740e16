package io.tributary.internals.engine;

import io.tributary.state.ValueState;

/**
 * The marker state of {@link ExpiringMarkers#markerState}: a {@code ValueState<Long>} of the current key that also
 * reads and writes its value unboxed, as deduplication touches one per record and a boxed {@code Long} per first
 * occurrence was garbage on its hot path. Same contract as the {@code ValueState} methods it mirrors.
 */
public interface MarkerState extends ValueState<Long> {

    /** Whether the current key has a value, as {@code value() != null}. */
    boolean isSet();

    /** Sets the current key's value, as {@code update(value)}. */
    void set(long value);
}
