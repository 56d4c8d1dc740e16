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

class DashboardSnapshotTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

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
        assertThat(dedup.inPerSecond()).isEqualTo(400.0);
        assertThat(dedup.outPerSecond()).isEqualTo(300.0);
        assertThat(dedup.state()).isEqualTo("running");
        assertThat(dedup.partitions()).extracting(DashboardSnapshot.PartitionView::partition).containsExactly(0, 1);
        assertThat(second.processors().get(1).state()).isEqualTo("failed: boom");
        assertThat(second.totals()).isEqualTo(new DashboardSnapshot.Totals(2_250, 700.0, 140, 6, 5));
    }

    private static ProcessorStatus status(String name, long in, long out, long duplicates, long late,
            long deadLettered, @Nullable String failure) {
        return new ProcessorStatus(name, true, false, Set.of(1, 0), in, out, deadLettered, 10, failure,
                List.of("stock_ticker"), name + "_out", 0, 0, 0, Duration.ZERO, late, duplicates);
    }
}
