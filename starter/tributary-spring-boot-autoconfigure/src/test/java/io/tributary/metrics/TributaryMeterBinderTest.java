package io.tributary.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.Tributary;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.autoconfigure.TributaryStartedEvent;
import io.tributary.autoconfigure.UnstartedTributary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class TributaryMeterBinderTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void bindsEveryMeterPerProcessorTaggedWithItsName() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders", "payments")) {
            new TributaryMeterBinder(tributary::status).bindTo(registry);

            for (String processor : new String[] { "orders", "payments" }) {
                for (String counter : new String[] { "tributary.records.in", "tributary.records.out",
                        "tributary.records.dead.lettered", "tributary.timers.fired", "tributary.commits",
                        "tributary.restore.records", "tributary.state.entries.expired" }) {
                    assertThat(registry.get(counter).tag("processor", processor).functionCounter().count())
                            .as(counter + " of " + processor).isZero();
                }
                assertThat(registry.get("tributary.commit.latency").tag("processor", processor).functionTimer().count())
                        .isZero();
                assertThat(registry.get("tributary.assigned.partitions").tag("processor", processor).gauge().value())
                        .isZero();
                assertThat(registry.get("tributary.restoring").tag("processor", processor).gauge().value()).isZero();
            }
        }
    }

    @Test
    void metersReadTheCurrentStatus() {
        AtomicReference<Map<String, ProcessorStatus>> statuses = new AtomicReference<>(
                Map.of("orders", status(true, Set.of(0, 1, 2), 10, 4, Duration.ofMillis(8))));
        new TributaryMeterBinder(statuses::get).bindTo(registry);

        statuses.set(Map.of("orders", status(false, Set.of(0, 1), 25, 5, Duration.ofMillis(10))));

        assertThat(counter("tributary.records.in").count()).isEqualTo(25);
        assertThat(counter("tributary.commits").count()).isEqualTo(5);
        FunctionTimer latency = registry.get("tributary.commit.latency").tag("processor", "orders").functionTimer();
        assertThat(latency.count()).isEqualTo(5);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10);
        assertThat(latency.mean(TimeUnit.MILLISECONDS)).isEqualTo(2);
        assertThat(registry.get("tributary.assigned.partitions").gauge().value()).isEqualTo(2);
        assertThat(registry.get("tributary.restoring").gauge().value()).isZero();
    }

    @Test
    void partitionAndEnrichmentFiguresBecomeGaugesTimersAndOutcomeCounters() {
        Instant watermark = Instant.now().minusSeconds(90);
        ProcessorStatus status = new ProcessorStatus("orders", true, false, Set.of(0, 1), 40, 38, 0, 3, null,
                List.of("orders"), "out", 0, 0, 0, Duration.ofMillis(6), 0, 0,
                new ProcessorStatus.EnrichmentStats(7, 30, 2, 1, 4, 12, 33, Duration.ofMillis(660)),
                Duration.ofMillis(20), List.of(new ProcessorStatus.PartitionStatus(0, watermark, 5, 100, 4096),
                        new ProcessorStatus.PartitionStatus(1, null, -1, 50, 1024)));
        new TributaryMeterBinder(() -> Map.of("orders", status)).bindTo(registry);

        assertThat(registry.get("tributary.consumer.lag").gauge().value()).isEqualTo(5);
        assertThat(registry.get("tributary.state.entries").gauge().value()).isEqualTo(150);
        assertThat(registry.get("tributary.state.size").gauge().value()).isEqualTo(5120);
        assertThat(registry.get("tributary.watermark.lag").gauge().value()).isBetween(89.0, 120.0);
        FunctionTimer processing = registry.get("tributary.processing.latency").functionTimer();
        assertThat(processing.count()).isEqualTo(40);
        assertThat(processing.mean(TimeUnit.MICROSECONDS)).isEqualTo(500);
        assertThat(registry.get("tributary.enrich.in.flight").gauge().value()).isEqualTo(7);
        assertThat(registry.get("tributary.enrich.latency").functionTimer().mean(TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get("tributary.enrich.outcomes").tag("outcome", "circuit_open").functionCounter().count())
                .isEqualTo(4);
        assertThat(registry.get("tributary.enrich.outcomes").tag("outcome", "cache_hit").functionCounter().count())
                .isEqualTo(12);
    }

    @Test
    void bindsProcessorsThatStartAfterBinding() {
        AtomicReference<Map<String, ProcessorStatus>> statuses = new AtomicReference<>(Map.of());
        TributaryMeterBinder binder = new TributaryMeterBinder(statuses::get);
        binder.bindTo(registry);
        assertThat(registry.find("tributary.records.in").meters()).isEmpty();

        try (Tributary tributary = UnstartedTributary.withProcessors("orders")) {
            statuses.set(tributary.status());
            binder.onApplicationEvent(new TributaryStartedEvent(mock(TributaryLifecycle.class), tributary));
        }

        assertThat(registry.get("tributary.records.in").tag("processor", "orders").functionCounter()).isNotNull();
        assertThat(registry.get("tributary.restoring").tag("processor", "orders").gauge().value()).isZero();
    }

    @Test
    void countersKeepTheirLastValueAndGaugesReadZeroOnceTheProcessorStops() {
        AtomicReference<Map<String, ProcessorStatus>> statuses = new AtomicReference<>(
                Map.of("orders", status(true, Set.of(0, 1), 7, 1, Duration.ofMillis(1))));
        new TributaryMeterBinder(statuses::get).bindTo(registry);
        assertThat(counter("tributary.records.in").count()).isEqualTo(7);

        statuses.set(Map.of());

        assertThat(counter("tributary.records.in").count()).isEqualTo(7);
        assertThat(registry.get("tributary.assigned.partitions").gauge().value()).isZero();
        assertThat(registry.get("tributary.restoring").gauge().value()).isZero();
    }

    @Test
    void restoringGaugeIsOneWhileRestoring() {
        new TributaryMeterBinder(() -> Map.of("orders", status(true, Set.of(0), 0, 0, Duration.ZERO)))
                .bindTo(registry);

        assertThat(registry.get("tributary.restoring").tag("processor", "orders").gauge().value()).isEqualTo(1);
    }

    @Test
    void restoreRemainingGaugeReadsTheRecordsLeftToRestore() {
        ProcessorStatus restoring = status(true, Set.of(0), 0, 0, Duration.ZERO);
        AtomicReference<Map<String, ProcessorStatus>> statuses = new AtomicReference<>(Map.of("orders",
                withRestoreRemaining(restoring, 1234)));
        new TributaryMeterBinder(statuses::get).bindTo(registry);

        assertThat(registry.get("tributary.restore.remaining").tag("processor", "orders").gauge().value())
                .isEqualTo(1234);
        statuses.set(Map.of("orders", status(false, Set.of(0), 0, 0, Duration.ZERO)));
        assertThat(registry.get("tributary.restore.remaining").tag("processor", "orders").gauge().value()).isZero();
    }

    private static ProcessorStatus withRestoreRemaining(ProcessorStatus s, long remaining) {
        return new ProcessorStatus(s.name(), s.running(), s.restoring(), s.assignedPartitions(), s.recordsIn(),
                s.recordsOut(), s.deadLettered(), s.commits(), s.failure(), s.sources(), s.outputTopic(),
                s.timersFired(), s.restoredRecords(), s.stateEntriesExpired(), s.commitTime(), s.recordsLate(),
                s.duplicatesDropped(), s.enrichment(), s.processingTime(), s.partitions(), remaining);
    }

    private FunctionCounter counter(String name) {
        return registry.get(name).tag("processor", "orders").functionCounter();
    }

    private static ProcessorStatus status(boolean restoring, Set<Integer> partitions, long recordsIn, long commits,
            Duration commitTime) {
        return new ProcessorStatus("orders", !restoring, restoring, partitions, recordsIn, recordsIn, 0, commits, null,
                List.of("orders-in"), "orders-out", 0, 0, 0, commitTime, 0, 0);
    }
}
