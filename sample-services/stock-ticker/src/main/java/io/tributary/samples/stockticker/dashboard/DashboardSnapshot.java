package io.tributary.samples.stockticker.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tributary.api.ProcessorStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the live page shows at one moment, as sent to the browser (JSON): per-processor figures with their rates since
 * recent snapshots, totals of the duplicate, late and dead-lettered records, and the latest window results per
 * window kind ({@code tumbling}, {@code sliding}) and symbol, oldest first. An immutable value.
 *
 * @param at when it was taken, ISO-8601
 * @param sequence how many snapshots were taken before this one
 * @param totals sums over all processors
 * @param processors one entry per processor, by name
 * @param windows the latest window results by window kind, then by symbol
 */
public record DashboardSnapshot(String at, long sequence, Totals totals, List<ProcessorView> processors,
        Map<String, Map<String, List<WindowResult>>> windows) {

    /** The time constant of the rates' exponential smoothing. */
    static final Duration RATE_SMOOTHING = Duration.ofSeconds(5);

    public DashboardSnapshot {
        processors = List.copyOf(processors);
        windows = Map.copyOf(windows);
    }

    /** The snapshot before the runtime has reported anything. */
    static DashboardSnapshot empty(Instant at) {
        return new DashboardSnapshot(at.toString(), 0, new Totals(0, 0, 0, 0, 0, 0, 0), List.of(), Map.of());
    }

    /**
     * The next snapshot.
     *
     * @param previous the snapshot before, whose counters the rates are measured against
     * @param sincePrevious the time since {@code previous} was taken
     */
    static DashboardSnapshot next(DashboardSnapshot previous, Duration sincePrevious, Instant at,
            Map<String, ProcessorStatus> status, Map<String, Map<String, List<WindowResult>>> windows) {
        Map<String, ProcessorView> before = previous.processors().stream()
                .collect(Collectors.toMap(ProcessorView::name, Function.identity()));
        double seconds = Math.max(sincePrevious.toNanos(), 1) / 1e9;
        List<ProcessorView> processors = status.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .map(processor -> ProcessorView.of(processor, before.get(processor.name()), seconds))
                .toList();
        Totals totals = new Totals(
                processors.stream().mapToLong(ProcessorView::recordsIn).sum(),
                processors.stream().mapToDouble(ProcessorView::inPerSecond).sum(),
                processors.stream().mapToLong(ProcessorView::duplicatesDropped).sum(),
                processors.stream().mapToLong(ProcessorView::recordsLate).sum(),
                processors.stream().mapToLong(ProcessorView::deadLettered).sum(),
                status.values().stream().mapToLong(DashboardSnapshot::enriched).sum(),
                status.values().stream()
                        .mapToLong(processor -> processor.enrichment().failed() + processor.enrichment().circuitOpen())
                        .sum());
        return new DashboardSnapshot(at.toString(), previous.sequence() + 1, totals, processors, windows);
    }

    /** Records an enrichment emitted: its main output, as it emits nothing else there; 0 for other processors. */
    private static long enriched(ProcessorStatus processor) {
        return processor.enrichment().equals(ProcessorStatus.EnrichmentStats.NONE) ? 0 : processor.recordsOut();
    }

    /**
     * Sums over all processors; a tick read by several processors counts once for each.
     *
     * @param recordsIn input records read
     * @param inPerSecond input records read per second, lately
     * @param duplicatesDropped records dropped as duplicates
     * @param recordsLate records too late for every window they belong to
     * @param deadLettered records sent to a dead-letter topic
     * @param enriched records enrichments emitted with their lookup's result merged in
     * @param enrichDeadLettered records whose lookup failed after retries or was refused by an open circuit, sent to
     *        the enrichment's failures topic
     */
    public record Totals(long recordsIn, double inPerSecond, long duplicatesDropped, long recordsLate,
            long deadLettered, long enriched, long enrichDeadLettered) {
    }

    /**
     * One processor's figures.
     *
     * @param name the processor's name
     * @param state {@code running}, {@code restoring}, {@code failed: <why>} or {@code stopped}
     * @param recordsIn input records read
     * @param recordsOut records emitted to the main output
     * @param inPerSecond input records read per second, averaged over the last seconds (see {@link #smoothed})
     * @param outPerSecond records emitted per second, averaged over the last seconds
     * @param duplicatesDropped records dropped as duplicates
     * @param recordsLate records too late for every window they belong to
     * @param deadLettered records sent to the dead-letter topic
     * @param partitions the partitions it processes on this instance, with their watermark, lag and state size
     */
    public record ProcessorView(String name, String state, long recordsIn, long recordsOut, double inPerSecond,
            double outPerSecond, long duplicatesDropped, long recordsLate, long deadLettered,
            List<PartitionView> partitions) {

        public ProcessorView {
            partitions = List.copyOf(partitions);
        }

        static ProcessorView of(ProcessorStatus status, @Nullable ProcessorView before, double seconds) {
            String state = status.failure() != null ? "failed: " + status.failure()
                    : status.restoring() ? "restoring" : status.running() ? "running" : "stopped";
            double inPerSecond = before == null ? 0
                    : smoothed(before.inPerSecond(), status.recordsIn() - before.recordsIn(), seconds);
            double outPerSecond = before == null ? 0
                    : smoothed(before.outPerSecond(), status.recordsOut() - before.recordsOut(), seconds);
            // Partition figures are sampled about once a second; until the first sample, list the assignment.
            List<PartitionView> partitions = status.partitions().isEmpty()
                    ? status.assignedPartitions().stream()
                            .map(partition -> new PartitionView(partition, null, -1, 0)).toList()
                    : status.partitions().stream().map(PartitionView::of).toList();
            return new ProcessorView(status.name(), state, status.recordsIn(), status.recordsOut(), inPerSecond,
                    outPerSecond, status.duplicatesDropped(), status.recordsLate(), status.deadLettered(), partitions);
        }

        /**
         * An exponentially weighted rate with a time constant of {@link #RATE_SMOOTHING}: window processors emit
         * in bursts as windows close, and a rate over the last interval alone would flicker between zero and peaks.
         */
        static double smoothed(double previousRate, long delta, double seconds) {
            double rate = Math.max(0, delta) / seconds;
            double weight = 1 - Math.exp(-seconds / (RATE_SMOOTHING.toNanos() / 1e9));
            return previousRate + weight * (rate - previousRate);
        }
    }

    /**
     * One input partition of a processor.
     *
     * @param partition the partition number
     * @param watermark its event-time watermark, ISO-8601, or {@code null} before its first record
     * @param lag records in it not yet read, or -1 when not known yet
     * @param stateEntries entries in its local state store (an estimate)
     */
    public record PartitionView(int partition, @Nullable String watermark, long lag, long stateEntries) {

        static PartitionView of(ProcessorStatus.PartitionStatus status) {
            Instant watermark = status.watermark();
            return new PartitionView(status.partition(), watermark == null ? null : watermark.toString(),
                    status.lag(), status.stateEntries());
        }
    }

    /**
     * One window result, as read from {@code stock_max_price_tumbling} or {@code stock_max_price_sliding}.
     *
     * @param windowStart the window's start, ISO-8601
     * @param windowEnd the window's end (exclusive), ISO-8601
     * @param maxPrice the highest price in the window
     * @param count the ticks in the window
     */
    public record WindowResult(String windowStart, String windowEnd, long maxPrice, long count) {
    }
}
