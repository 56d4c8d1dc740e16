package io.tributary.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.internals.runtime.ProcessorRuntime;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one processor on this instance. Counters are totals since the runtime was created, summed over the
 * processor's threads; each is read on its own, so a snapshot taken while records flow need not be consistent
 * across counters. A runtime that was created but not started reports every processor as neither running nor
 * restoring, with no partitions and zero counts.
 *
 * @param name the processor's name
 * @param running whether all its threads are processing
 * @param restoring whether any of its partitions is restoring state from the changelog
 * @param assignedPartitions the partitions whose tasks run here, in ascending order
 * @param recordsIn input records read
 * @param recordsOut records emitted to the main output
 * @param deadLettered records sent to the dead-letter topic
 * @param commits transactions (or offset commits) completed
 * @param failure why the processor stopped, or {@code null}
 * @param sources the topics it reads
 * @param outputTopic the topic of its main output, or {@code null} when it has none
 * @param timersFired event-time and processing-time timers fired
 * @param restoredRecords changelog records replayed into local state
 * @param stateEntriesExpired state entries removed because their time-to-live passed
 * @param commitTime time spent in the {@code commits} commits, in total
 * @param recordsLate records too late for every window they belong to (window processors)
 * @param duplicatesDropped records recognised as duplicates of one already seen (deduplication processors)
 * @param enrichment the asynchronous enrichment figures (all zero for other processors)
 * @param processingTime time spent processing the {@code recordsIn} records, in total (so the mean per record is
 *        {@code processingTime / recordsIn})
 * @param partitions each partition whose task runs here, as last sampled (about once a second)
 * @param restoreRemaining changelog records still to replay into the partitions restoring here (the end offsets
 *        to restore to minus the restored positions, transaction markers included), 0 when none restores
 */
public record ProcessorStatus(String name, boolean running, boolean restoring, Set<Integer> assignedPartitions,
        long recordsIn, long recordsOut, long deadLettered, long commits, @Nullable String failure,
        List<String> sources, @Nullable String outputTopic, long timersFired, long restoredRecords,
        long stateEntriesExpired, Duration commitTime, long recordsLate,
        long duplicatesDropped, EnrichmentStats enrichment, Duration processingTime, List<PartitionStatus> partitions,
        long restoreRemaining) {

    public ProcessorStatus {
        // Sorted, so endpoints and logs list partitions in order.
        assignedPartitions = Collections.unmodifiableSet(new TreeSet<>(assignedPartitions));
        sources = List.copyOf(sources);
        partitions = partitions.stream().sorted(Comparator.comparingInt(PartitionStatus::partition)).toList();
    }

    /** A status with nothing left to restore. */
    public ProcessorStatus(String name, boolean running, boolean restoring, Set<Integer> assignedPartitions,
            long recordsIn, long recordsOut, long deadLettered, long commits, @Nullable String failure,
            List<String> sources, @Nullable String outputTopic, long timersFired, long restoredRecords,
            long stateEntriesExpired, Duration commitTime, long recordsLate, long duplicatesDropped,
            EnrichmentStats enrichment, Duration processingTime, List<PartitionStatus> partitions) {
        this(name, running, restoring, assignedPartitions, recordsIn, recordsOut, deadLettered, commits, failure,
                sources, outputTopic, timersFired, restoredRecords, stateEntriesExpired, commitTime, recordsLate,
                duplicatesDropped, enrichment, processingTime, partitions, 0);
    }

    /** A status without enrichment, processing time or partition figures. */
    public ProcessorStatus(String name, boolean running, boolean restoring, Set<Integer> assignedPartitions,
            long recordsIn, long recordsOut, long deadLettered, long commits, @Nullable String failure,
            List<String> sources, @Nullable String outputTopic, long timersFired, long restoredRecords,
            long stateEntriesExpired, Duration commitTime, long recordsLate, long duplicatesDropped,
            EnrichmentStats enrichment) {
        this(name, running, restoring, assignedPartitions, recordsIn, recordsOut, deadLettered, commits, failure,
                sources, outputTopic, timersFired, restoredRecords, stateEntriesExpired, commitTime, recordsLate,
                duplicatesDropped, enrichment, Duration.ZERO, List.of());
    }

    /** The lowest watermark over this instance's partitions, or {@code null} when none has one yet. */
    public @Nullable Instant minWatermark() {
        return partitions.stream().map(PartitionStatus::watermark).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * One partition's task on this instance.
     *
     * @param partition the partition number (of every source, for co-partitioned sources)
     * @param watermark its event-time watermark, or {@code null} before its first record
     * @param lag records in its input partitions not yet read, or -1 when the consumer does not know yet
     * @param stateEntries committed entries in its local store (RocksDB's estimate), timers and metadata included
     * @param stateBytes the local store's approximate size on disk and in memory tables
     */
    public record PartitionStatus(int partition, @Nullable Instant watermark, long lag, long stateEntries,
            long stateBytes) {
    }

    /** A status without enrichment figures, for processors that do not enrich. */
    public ProcessorStatus(String name, boolean running, boolean restoring, Set<Integer> assignedPartitions,
            long recordsIn, long recordsOut, long deadLettered, long commits, @Nullable String failure,
            List<String> sources, @Nullable String outputTopic, long timersFired, long restoredRecords,
            long stateEntriesExpired, Duration commitTime, long recordsLate, long duplicatesDropped) {
        this(name, running, restoring, assignedPartitions, recordsIn, recordsOut, deadLettered, commits, failure,
                sources, outputTopic, timersFired, restoredRecords, stateEntriesExpired, commitTime, recordsLate,
                duplicatesDropped, EnrichmentStats.NONE);
    }

    /**
     * What an asynchronous enrichment ({@link io.tributary.enrich.Enrichment}) did, summed over its tasks.
     *
     * @param inFlight records held now, their lookups running or their results waiting for order (a gauge)
     * @param ok lookups that succeeded on the first attempt
     * @param retried lookups that succeeded after retries
     * @param failed lookups that failed after their retries (errors, time-outs, rate limiter or bulkhead refusals)
     * @param circuitOpen lookups refused by an open circuit breaker
     * @param cacheHits lookups answered from the cache
     * @param calls lookups that went past the cache (the latency timer's count)
     * @param callTime the total time of those {@code calls}, retries included (the latency timer's total)
     * @param coalesced lookups answered by joining another record's running lookup of the same key (coalescing)
     */
    public record EnrichmentStats(long inFlight, long ok, long retried, long failed, long circuitOpen,
            long cacheHits, long calls, Duration callTime, long coalesced) {

        /** No enrichment. */
        public static final EnrichmentStats NONE = new EnrichmentStats(0, 0, 0, 0, 0, 0, 0, Duration.ZERO, 0);

        /** Figures of an enrichment that does not coalesce. */
        public EnrichmentStats(long inFlight, long ok, long retried, long failed, long circuitOpen, long cacheHits,
                long calls, Duration callTime) {
            this(inFlight, ok, retried, failed, circuitOpen, cacheHits, calls, callTime, 0);
        }
    }

    static ProcessorStatus of(ProcessorRuntime runtime) {
        Throwable failure = runtime.failure();
        var definition = runtime.definition();
        var metrics = runtime.metrics();
        return new ProcessorStatus(definition.name(), runtime.running(), runtime.restoring(),
                runtime.assignedPartitions(), metrics.recordsIn.sum(), metrics.recordsOut.sum(),
                metrics.deadLettered.sum(), metrics.commits.sum(), failure == null ? null : failure.toString(),
                definition.sources(), definition.outputTopic(), metrics.timersFired.sum(),
                metrics.restoredRecords.sum(), metrics.stateEntriesExpired.sum(),
                Duration.ofNanos(metrics.commitNanos.sum()), metrics.recordsLate.sum(),
                metrics.duplicatesDropped.sum(), new EnrichmentStats(metrics.asyncInFlight.sum(),
                        metrics.enrichOk.sum(), metrics.enrichRetried.sum(), metrics.enrichFailed.sum(),
                        metrics.enrichCircuitOpen.sum(), metrics.enrichCacheHits.sum(), metrics.enrichCalls.sum(),
                        Duration.ofNanos(metrics.enrichCallNanos.sum()), metrics.enrichCoalesced.sum()),
                Duration.ofNanos(metrics.processingNanos.sum()), runtime.partitionStatuses(),
                runtime.restoreRemaining());
    }
}
