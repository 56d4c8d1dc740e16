package io.tributary.internals.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one processor, summed over its tasks and threads; the starter binds them to Micrometer.
 * Updated from processing threads, read from any thread.
 */
public final class ProcessorMetrics {

    public final LongAdder recordsIn = new LongAdder();
    public final LongAdder recordsOut = new LongAdder();
    public final LongAdder sideOutputs = new LongAdder();
    public final LongAdder deadLettered = new LongAdder();
    public final LongAdder timersFired = new LongAdder();
    public final LongAdder commits = new LongAdder();
    public final LongAdder commitNanos = new LongAdder();
    public final LongAdder restoredRecords = new LongAdder();
    public final LongAdder stateEntriesExpired = new LongAdder();
    public final LongAdder timestampsClamped = new LongAdder();
    /** Records a function reported too late to use (dropped or routed to a late-data side output). */
    public final LongAdder recordsLate = new LongAdder();
    /** Records a function reported as duplicates of one it already saw (dropped or routed to a side output). */
    public final LongAdder duplicatesDropped = new LongAdder();
}
