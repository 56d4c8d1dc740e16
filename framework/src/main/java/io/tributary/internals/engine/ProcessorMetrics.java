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
    /** Time spent processing input records, summed. */
    public final LongAdder processingNanos = new LongAdder();
    public final LongAdder restoredRecords = new LongAdder();
    public final LongAdder stateEntriesExpired = new LongAdder();
    public final LongAdder timestampsClamped = new LongAdder();
    /** Records a function reported too late to use (dropped or routed to a late-data side output). */
    public final LongAdder recordsLate = new LongAdder();
    /** Records a function reported as duplicates of one it already saw (dropped or routed to a side output). */
    public final LongAdder duplicatesDropped = new LongAdder();

    /** Input records held by asynchronous functions (enrichment) and not finished yet: a gauge. */
    public final LongAdder asyncInFlight = new LongAdder();
    /** Enrichments completed on the first attempt. */
    public final LongAdder enrichOk = new LongAdder();
    /** Enrichments completed after one or more retries. */
    public final LongAdder enrichRetried = new LongAdder();
    /** Enrichments that failed after their retries (timeouts, errors, rate limiter or bulkhead refusals). */
    public final LongAdder enrichFailed = new LongAdder();
    /** Enrichments refused because the circuit breaker was open. */
    public final LongAdder enrichCircuitOpen = new LongAdder();
    /** Enrichments answered by the cache (including joins onto a request already in flight for the same key). */
    public final LongAdder enrichCacheHits = new LongAdder();
    /** Enrichments answered by joining another record's lookup of the same key, running at the time (coalescing). */
    public final LongAdder enrichCoalesced = new LongAdder();
    /** Enrichment calls timed (cache misses, all attempts of one record counted as one call). */
    public final LongAdder enrichCalls = new LongAdder();
    /** Total time of the {@link #enrichCalls} calls, in nanoseconds. */
    public final LongAdder enrichCallNanos = new LongAdder();
}
