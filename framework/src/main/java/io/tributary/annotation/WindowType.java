package io.tributary.annotation;

/**
 * The kind of windows a {@link WindowedAggregation} method aggregates over, each mapping to a
 * {@link io.tributary.window.WindowAssigner} of {@code io.tributary.window}.
 */
public enum WindowType {

    /** Fixed, non-overlapping windows of {@link WindowedAggregation#size()}: {@link io.tributary.window.TumblingWindows}. */
    TUMBLING,

    /**
     * Overlapping windows of {@link WindowedAggregation#size()} starting every {@link WindowedAggregation#slide()}:
     * {@link io.tributary.window.SlidingWindows}.
     */
    SLIDING,

    /**
     * Per-key sessions closed by {@link WindowedAggregation#gap()} without records, merging when a record bridges
     * two: {@link io.tributary.window.SessionWindows}.
     */
    SESSION
}
