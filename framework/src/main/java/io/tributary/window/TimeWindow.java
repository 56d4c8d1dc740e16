package io.tributary.window;

import java.time.Instant;
import java.util.Objects;

/**
 * A window of event (or processing) time, {@code [start, end)}: it holds the records whose timestamp is at
 * least {@code start} and before {@code end}, at millisecond precision. Immutable; equal by bounds.
 *
 * @param start the first instant inside the window
 * @param end the first instant after the window (exclusive)
 */
public record TimeWindow(Instant start, Instant end) {

    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a window's start must be before its end, got [" + start + ", " + end + ")");
        }
    }

    /**
     * The last millisecond inside the window, {@code end - 1 ms}: the window fires when the watermark reaches it,
     * and its results carry it as their record timestamp, as in Flink.
     */
    public Instant maxTimestamp() {
        return end.minusMillis(1);
    }

    /**
     * Whether this window and {@code other} overlap or touch, Flink's rule for merging session windows:
     * {@code [0, 10)} and {@code [10, 20)} intersect, so two records exactly one gap apart share a session.
     */
    public boolean intersects(TimeWindow other) {
        return !start.isAfter(other.end) && !end.isBefore(other.start);
    }

    /** The smallest window holding both this window and {@code other}. */
    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(start.isBefore(other.start) ? start : other.start,
                end.isAfter(other.end) ? end : other.end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
