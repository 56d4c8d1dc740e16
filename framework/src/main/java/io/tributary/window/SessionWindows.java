package io.tributary.window;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.tributary.internals.window.WindowMath;

/**
 * Sessions of activity per key, separated by at least {@code gap} of inactivity, as Flink's
 * {@code EventTimeSessionWindows}: each record opens the window {@code [ts, ts + gap)}, and windows of one key
 * that overlap or touch ({@link TimeWindow#intersects}) merge into one covering both, their accumulators combined
 * with {@link AggregateFunction#merge}. A record can bridge two sessions, merging them and itself into one. A
 * session fires when the watermark passes the end of its last record's window. Immutable.
 */
public final class SessionWindows implements WindowAssigner {

    private final Duration gap;
    private final long gapMillis;

    private SessionWindows(Duration gap) {
        this.gapMillis = WindowMath.positiveMillis(gap, "SessionWindows gap");
        this.gap = gap;
    }

    /** Sessions closed by {@code gap} (positive, whole milliseconds) without records. */
    public static SessionWindows withGap(Duration gap) {
        return new SessionWindows(gap);
    }

    public Duration gap() {
        return gap;
    }

    @Override
    public List<TimeWindow> assignWindows(Instant timestamp) {
        return List.of(new TimeWindow(timestamp, timestamp.plusMillis(gapMillis)));
    }

    @Override
    public boolean isMerging() {
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionWindows that && that.gapMillis == gapMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(gapMillis);
    }

    @Override
    public String toString() {
        return "SessionWindows.withGap(" + gap + ")";
    }
}
