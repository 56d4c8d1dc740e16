package io.tributary.samples.stockticker.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.api.ProcessorStatus;
import io.tributary.samples.stockticker.dashboard.DashboardSnapshot.ProcessorView;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DashboardSnapshotTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void smoothedRateApproachesASteadyRateAndDecaysAfterABurst() {
        double rate = 0;
        for (int i = 0; i < 60; i++) {
            rate = DashboardSnapshot.ProcessorView.smoothed(rate, 100, 1.0);
        }
        assertThat(rate).isCloseTo(100, within(0.1));
        double afterBurst = DashboardSnapshot.ProcessorView.smoothed(0, 1_000, 1.0);
        assertThat(afterBurst).isBetween(100.0, 1_000.0);
        assertThat(DashboardSnapshot.ProcessorView.smoothed(afterBurst, 0, 1.0)).isBetween(0.0, afterBurst);
    }

    @Test
    void measuresRatesAgainstThePreviousSnapshotAndSumsTheCounts() {
        DashboardSnapshot first = DashboardSnapshot.next(DashboardSnapshot.empty(AT), Duration.ofSeconds(1), AT,
                Map.of("dedup", status("dedup", 1_000, 900, 100, 0, 3, null),
                        "tumbling", status("tumbling", 900, 20, 0, 5, 0, null)),
                Map.of());
        DashboardSnapshot second = DashboardSnapshot.next(first, Duration.ofMillis(500), AT.plusMillis(500),
                Map.of("dedup", status("dedup", 1_200, 1_050, 140, 0, 4, null),
                        "tumbling", status("tumbling", 1_050, 22, 0, 6, 1, "boom")),
                Map.of());

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.processors()).extracting(ProcessorView::inPerSecond).containsOnly(0.0);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.at()).isEqualTo("2026-11-21T10:00:00.500Z");
        assertThat(second.processors()).extracting(ProcessorView::name).containsExactly("dedup", "tumbling");
        ProcessorView dedup = second.processors().get(0);
        // 200 records in 0.5 s is 400/s, smoothed from 0/s with a 5-second time constant
        double weight = 1 - Math.exp(-0.1);
        assertThat(dedup.inPerSecond()).isCloseTo(400 * weight, within(1e-9));
        assertThat(dedup.outPerSecond()).isCloseTo(300 * weight, within(1e-9));
        assertThat(dedup.state()).isEqualTo("running");
        assertThat(dedup.partitions()).extracting(DashboardSnapshot.PartitionView::partition).containsExactly(0, 1);
        assertThat(second.processors().get(1).state()).isEqualTo("failed: boom");
        assertThat(second.totals()).usingRecursiveComparison().withComparatorForType(
                (a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b), Double.class)
                .isEqualTo(new DashboardSnapshot.Totals(2_250, 700 * weight, 140, 6, 5, 0, 0));
    }

    @Test
    void countsEnrichedRecordsAndThoseWhoseLookupFailed() {
        ProcessorStatus enrich = new ProcessorStatus("enrich", true, false, Set.of(0), 100, 95, 0, 1, null,
                List.of("stock_ticker"), "stock_ticker_enriched", 0, 0, 0, Duration.ZERO, 0, 0,
                new ProcessorStatus.EnrichmentStats(0, 90, 5, 3, 2, 0, 100, Duration.ofSeconds(2)), Duration.ZERO,
                List.of());

        DashboardSnapshot snapshot = DashboardSnapshot.next(DashboardSnapshot.empty(AT), Duration.ofSeconds(1), AT,
                Map.of("enrich", enrich, "dedup", status("dedup", 100, 97, 3, 0, 0, null)), Map.of());

        assertThat(snapshot.totals().enriched()).as("only the enrichment's outputs").isEqualTo(95);
        assertThat(snapshot.totals().enrichDeadLettered()).as("failed after retries, or circuit open").isEqualTo(5);
    }

    @Test
    void showsEachPartitionsWatermarkLagAndStateOnceSampledAndTheAssignmentBefore() {
        ProcessorStatus sampled = new ProcessorStatus("dedup", true, false, Set.of(0, 1), 10, 10, 0, 1, null,
                List.of("stock_ticker"), "stock_ticker_dedup", 0, 0, 0, Duration.ZERO, 0, 0,
                ProcessorStatus.EnrichmentStats.NONE, Duration.ZERO, List.of(
                        new ProcessorStatus.PartitionStatus(1, null, -1, 0, 0),
                        new ProcessorStatus.PartitionStatus(0, AT, 12, 340, 4096)));

        DashboardSnapshot snapshot = DashboardSnapshot.next(DashboardSnapshot.empty(AT), Duration.ofSeconds(1), AT,
                Map.of("dedup", sampled, "tumbling", status("tumbling", 0, 0, 0, 0, 0, null)), Map.of());

        assertThat(snapshot.processors().get(0).partitions()).containsExactly(
                new DashboardSnapshot.PartitionView(0, "2026-11-21T10:00:00Z", 12, 340),
                new DashboardSnapshot.PartitionView(1, null, -1, 0));
        assertThat(snapshot.processors().get(1).partitions()).containsExactly(
                new DashboardSnapshot.PartitionView(0, null, -1, 0), new DashboardSnapshot.PartitionView(1, null, -1, 0));
    }

    private static ProcessorStatus status(String name, long in, long out, long duplicates, long late,
            long deadLettered, @Nullable String failure) {
        return new ProcessorStatus(name, true, false, Set.of(1, 0), in, out, deadLettered, 10, failure,
                List.of("stock_ticker"), name + "_out", 0, 0, 0, Duration.ZERO, late, duplicates);
    }
}
