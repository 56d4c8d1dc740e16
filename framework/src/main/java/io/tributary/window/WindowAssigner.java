package io.tributary.window;

import java.time.Instant;
import java.util.List;

/**
 * Says which windows a record belongs to, from its timestamp: {@link TumblingWindows}, {@link SlidingWindows}
 * or {@link SessionWindows}. Immutable values, thread-safe.
 *
 * <p>Windows are aligned to the epoch as in Flink: a tumbling or sliding window starts at
 * {@code ts - floorMod(ts - offset, slide)}, so ten-minute windows start on the hour, ten past, and so on,
 * whatever the first record's time, and a negative timestamp (before 1970) falls in the window below it.
 */
public sealed interface WindowAssigner permits TumblingWindows, SlidingWindows, SessionWindows {

    /**
     * The windows a record with this timestamp belongs to, the latest first (the order in which Flink
     * processes them). For session windows, the record's own window {@code [ts, ts + gap)} before merging.
     * Empty when the timestamp falls in a gap between sliding windows whose slide exceeds their size.
     */
    List<TimeWindow> assignWindows(Instant timestamp);

    /** Whether windows merge when they overlap (session windows). */
    boolean isMerging();
}
