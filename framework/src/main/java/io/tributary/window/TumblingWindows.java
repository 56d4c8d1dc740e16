package io.tributary.window;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.tributary.internals.window.WindowMath;

/**
 * Fixed-size, non-overlapping windows: every record belongs to exactly one, {@code [start, start + size)} with
 * {@code start = ts - floorMod(ts - offset, size)}, Flink's {@code TumblingEventTimeWindows} alignment. With a
 * zero offset, ten-minute windows start at :00, :10, :20 ...; an offset shifts them, e.g. an hour window with
 * offset 15 minutes runs from :15 to :15. Immutable; {@link #withOffset} returns a copy.
 */
public final class TumblingWindows implements WindowAssigner {

    private final Duration size;
    private final Duration offset;
    private final long sizeMillis;
    private final long offsetMillis;

    private TumblingWindows(Duration size, Duration offset) {
        this.sizeMillis = WindowMath.positiveMillis(size, "TumblingWindows size");
        this.offsetMillis = WindowMath.wholeMillis(Objects.requireNonNull(offset, "offset"), "TumblingWindows offset");
        if (Math.abs(offsetMillis) >= sizeMillis) {
            throw new IllegalArgumentException("TumblingWindows offset must be shorter than the size (abs(offset) < size), got offset "
                    + offset + " for size " + size + "; use an offset between -" + size + " and " + size + " exclusive");
        }
        this.size = size;
        this.offset = offset;
    }

    /** Tumbling windows of {@code size} (positive, whole milliseconds), aligned to the epoch. */
    public static TumblingWindows of(Duration size) {
        return new TumblingWindows(size, Duration.ZERO);
    }

    /**
     * A copy whose windows start {@code offset} later than epoch alignment (earlier when negative), for example
     * to align day windows to a time zone; {@code abs(offset)} must be less than the size.
     */
    public TumblingWindows withOffset(Duration offset) {
        return new TumblingWindows(size, offset);
    }

    public Duration size() {
        return size;
    }

    public Duration offset() {
        return offset;
    }

    @Override
    public List<TimeWindow> assignWindows(Instant timestamp) {
        long start = WindowMath.windowStart(timestamp.toEpochMilli(), offsetMillis, sizeMillis);
        return List.of(new TimeWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + sizeMillis)));
    }

    @Override
    public boolean isMerging() {
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TumblingWindows that && that.sizeMillis == sizeMillis && that.offsetMillis == offsetMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeMillis, offsetMillis);
    }

    @Override
    public String toString() {
        return "TumblingWindows.of(" + size + ")" + (offsetMillis == 0 ? "" : ".withOffset(" + offset + ")");
    }
}
