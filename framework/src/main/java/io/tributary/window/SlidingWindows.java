package io.tributary.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.tributary.internals.window.WindowMath;

/**
 * Fixed-size windows that start every {@code slide} (hopping windows): with size 10 minutes and slide 5 minutes,
 * a record belongs to two windows, e.g. 10:03 to [09:55, 10:05) and [10:00, 10:10). Window starts are aligned as
 * in Flink's {@code SlidingEventTimeWindows}: the latest window holding {@code ts} starts at
 * {@code ts - floorMod(ts - offset, slide)} and the others every {@code slide} before it while they still hold
 * {@code ts}. When the slide exceeds the size, records falling between windows belong to none and are dropped.
 * Immutable; {@link #withOffset} returns a copy.
 */
public final class SlidingWindows implements WindowAssigner {

    private final Duration size;
    private final Duration slide;
    private final Duration offset;
    private final long sizeMillis;
    private final long slideMillis;
    private final long offsetMillis;

    private SlidingWindows(Duration size, Duration slide, Duration offset) {
        this.sizeMillis = WindowMath.positiveMillis(size, "SlidingWindows size");
        this.slideMillis = WindowMath.positiveMillis(slide, "SlidingWindows slide");
        this.offsetMillis = WindowMath.wholeMillis(Objects.requireNonNull(offset, "offset"), "SlidingWindows offset");
        if (Math.abs(offsetMillis) >= slideMillis) {
            throw new IllegalArgumentException("SlidingWindows offset must be shorter than the slide (abs(offset) < slide), got offset "
                    + offset + " for slide " + slide + "; use an offset between -" + slide + " and " + slide + " exclusive");
        }
        this.size = size;
        this.slide = slide;
        this.offset = offset;
    }

    /** Windows of {@code size} starting every {@code slide} (both positive, whole milliseconds), aligned to the epoch. */
    public static SlidingWindows of(Duration size, Duration slide) {
        return new SlidingWindows(size, slide, Duration.ZERO);
    }

    /** A copy whose windows start {@code offset} later than epoch alignment; {@code abs(offset)} must be less than the slide. */
    public SlidingWindows withOffset(Duration offset) {
        return new SlidingWindows(size, slide, offset);
    }

    public Duration size() {
        return size;
    }

    public Duration slide() {
        return slide;
    }

    public Duration offset() {
        return offset;
    }

    @Override
    public List<TimeWindow> assignWindows(Instant timestamp) {
        long ts = timestamp.toEpochMilli();
        List<TimeWindow> windows = new ArrayList<>((int) Math.min(16, sizeMillis / slideMillis + 1));
        for (long start = WindowMath.windowStart(ts, offsetMillis, slideMillis); start > ts - sizeMillis; start -= slideMillis) {
            windows.add(new TimeWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + sizeMillis)));
        }
        return windows;
    }

    @Override
    public boolean isMerging() {
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SlidingWindows that && that.sizeMillis == sizeMillis && that.slideMillis == slideMillis
                && that.offsetMillis == offsetMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeMillis, slideMillis, offsetMillis);
    }

    @Override
    public String toString() {
        return "SlidingWindows.of(" + size + ", " + slide + ")" + (offsetMillis == 0 ? "" : ".withOffset(" + offset + ")");
    }
}
