package io.tributary.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tributary.api.ProcessorStatus;
import io.tributary.autoconfigure.TributaryStartedEvent;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationListener;

/**
 * Binds the counters and state of each Tributary processor to Micrometer, tagged {@code processor=<name>}: records
 * in, out, late, duplicate and dead-lettered, processing and commit latency, timers fired, changelog records
 * restored, state entries expired and stored, consumer lag, watermark lag, assigned partitions, whether the
 * processor is restoring and how many changelog records it has left to restore, and for enrichments the lookups in flight, their latency and outcomes.
 *
 * <p>Meters read the processors' {@linkplain ProcessorStatus status} when the registry reads them, through the
 * supplier given here, so they follow a runtime that is replaced by a restart. Processors are known only once the
 * runtime has started, which in an application context is after binders are bound: a processor's meters are
 * registered by {@link #bindTo} if it is running by then, else on the {@link TributaryStartedEvent} that follows.
 * Registering again is harmless. After a processor stops, its counters keep their last value and its gauges read
 * zero.
 *
 * <p>Meters hold this binder's per-processor state weakly, as Micrometer's function-based meters do: keep the binder
 * referenced (a bean is) for as long as the meters should report. Thread-safe.
 */
public class TributaryMeterBinder implements MeterBinder, ApplicationListener<TributaryStartedEvent> {

    /** The tag naming the processor a meter belongs to. */
    public static final String PROCESSOR_TAG = "processor";

    private final Supplier<Map<String, ProcessorStatus>> statuses;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Map<String, ProcessorReading> readings = new ConcurrentHashMap<>();

    /** @param statuses the current status of each processor by name, empty while none runs */
    public TributaryMeterBinder(Supplier<Map<String, ProcessorStatus>> statuses) {
        this.statuses = statuses;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        bindProcessors(registry);
    }

    @Override
    public void onApplicationEvent(TributaryStartedEvent event) {
        registries.forEach(this::bindProcessors);
    }

    private void bindProcessors(MeterRegistry registry) {
        for (String name : statuses.get().keySet()) {
            bind(registry, readings.computeIfAbsent(name, ProcessorReading::new));
        }
    }

    private static void bind(MeterRegistry registry, ProcessorReading reading) {
        counter(registry, "tributary.records.in", "Input records read", reading, ProcessorStatus::recordsIn);
        counter(registry, "tributary.records.out", "Records emitted to the main output", reading,
                ProcessorStatus::recordsOut);
        counter(registry, "tributary.records.dead.lettered", "Records sent to the dead-letter topic", reading,
                ProcessorStatus::deadLettered);
        counter(registry, "tributary.records.late", "Records too late for every window they belong to", reading,
                ProcessorStatus::recordsLate);
        counter(registry, "tributary.records.duplicate", "Records recognised as duplicates of one already seen",
                reading, ProcessorStatus::duplicatesDropped);
        counter(registry, "tributary.timers.fired", "Event-time and processing-time timers fired", reading,
                ProcessorStatus::timersFired);
        counter(registry, "tributary.commits", "Transactions or offset commits completed", reading,
                ProcessorStatus::commits);
        counter(registry, "tributary.restore.records", "Changelog records replayed into local state", reading,
                ProcessorStatus::restoredRecords);
        counter(registry, "tributary.state.entries.expired", "State entries removed when their time-to-live passed",
                reading, ProcessorStatus::stateEntriesExpired);
        FunctionTimer.builder("tributary.commit.latency", reading,
                        r -> r.count(ProcessorStatus::commits), r -> r.count(s -> s.commitTime().toNanos()),
                        TimeUnit.NANOSECONDS)
                .description("Time to commit offsets, state and outputs together")
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
        FunctionTimer.builder("tributary.processing.latency", reading,
                        r -> r.count(ProcessorStatus::recordsIn), r -> r.count(s -> s.processingTime().toNanos()),
                        TimeUnit.NANOSECONDS)
                .description("Time to process input records, from read to outputs handed to the producer")
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
        gauge(registry, "tributary.assigned.partitions", "Partitions whose tasks run on this instance", reading,
                s -> s.assignedPartitions().size());
        gauge(registry, "tributary.consumer.lag", "Input records not yet read by this instance's tasks", reading,
                s -> s.partitions().stream().mapToLong(p -> Math.max(0, p.lag())).sum());
        gauge(registry, "tributary.state.entries", "Entries in this instance's local stores (estimate)", reading,
                s -> s.partitions().stream().mapToLong(ProcessorStatus.PartitionStatus::stateEntries).sum());
        Gauge.builder("tributary.state.size", reading,
                        r -> r.gauge(s -> s.partitions().stream()
                                .mapToLong(ProcessorStatus.PartitionStatus::stateBytes).sum()))
                .description("Size of this instance's local stores (estimate)")
                .baseUnit("bytes")
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
        Gauge.builder("tributary.watermark.lag", reading, r -> r.gauge(TributaryMeterBinder::watermarkLagSeconds))
                .description("How far the lowest watermark of this instance's partitions is behind the wall clock")
                .baseUnit("seconds")
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
        gauge(registry, "tributary.enrich.in.flight", "Records held by an enrichment, lookups running or in order",
                reading, s -> s.enrichment().inFlight());
        FunctionTimer.builder("tributary.enrich.latency", reading,
                        r -> r.count(s -> s.enrichment().calls()),
                        r -> r.count(s -> s.enrichment().callTime().toNanos()), TimeUnit.NANOSECONDS)
                .description("Time of enrichment lookups past the cache, retries included")
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
        outcome(registry, reading, "ok", s -> s.enrichment().ok());
        outcome(registry, reading, "retried", s -> s.enrichment().retried());
        outcome(registry, reading, "failed", s -> s.enrichment().failed());
        outcome(registry, reading, "circuit_open", s -> s.enrichment().circuitOpen());
        outcome(registry, reading, "cache_hit", s -> s.enrichment().cacheHits());
        outcome(registry, reading, "coalesced", s -> s.enrichment().coalesced());
        gauge(registry, "tributary.restoring", "1 while any partition restores state from its changelog, else 0",
                reading, s -> s.restoring() ? 1 : 0);
        gauge(registry, "tributary.restore.remaining",
                "Changelog records still to replay into the partitions restoring on this instance", reading,
                ProcessorStatus::restoreRemaining);
    }

    /** NaN until a partition has a watermark, so a dashboard shows no value rather than a false zero. */
    private static double watermarkLagSeconds(ProcessorStatus status) {
        Instant watermark = status.minWatermark();
        return watermark == null ? Double.NaN
                : Duration.between(watermark, Instant.now()).toMillis() / 1000.0;
    }

    private static void outcome(MeterRegistry registry, ProcessorReading reading, String outcome,
            ToLongFunction<ProcessorStatus> value) {
        FunctionCounter.builder("tributary.enrich.outcomes", reading, r -> r.count(value))
                .description("Enrichment lookups by outcome")
                .tag(PROCESSOR_TAG, reading.name)
                .tag("outcome", outcome)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, ProcessorReading reading,
            ToLongFunction<ProcessorStatus> value) {
        FunctionCounter.builder(name, reading, r -> r.count(value))
                .description(description)
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String description, ProcessorReading reading,
            ToDoubleFunction<ProcessorStatus> value) {
        Gauge.builder(name, reading, r -> r.gauge(value))
                .description(description)
                .tag(PROCESSOR_TAG, reading.name)
                .register(registry);
    }

    /** Reads one processor's status for its meters, remembering the last one seen so counters survive a stop. */
    private final class ProcessorReading {

        private final String name;
        private volatile @Nullable ProcessorStatus last;

        ProcessorReading(String name) {
            this.name = name;
        }

        private @Nullable ProcessorStatus current() {
            ProcessorStatus status = statuses.get().get(name);
            if (status != null) {
                last = status;
            }
            return status;
        }

        long count(ToLongFunction<ProcessorStatus> value) {
            current();
            ProcessorStatus status = last;
            return status != null ? value.applyAsLong(status) : 0;
        }

        double gauge(ToDoubleFunction<ProcessorStatus> value) {
            ProcessorStatus status = current();
            return status != null ? value.applyAsDouble(status) : 0;
        }
    }
}
