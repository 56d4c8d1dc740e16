package io.tributary.e2e.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchmarkSettingsTest {

    @Test
    void warmupTicksAreLoadedAheadOfTheMeasuredOnesForEveryJobButEnrichment() {
        BenchmarkSettings settings = settings(1_000, 400);

        assertThat(settings.bulkTicks()).isEqualTo(1_400);
        assertThat(settings.recordsOf(Job.DEDUP)).isEqualTo(1_400);
        assertThat(settings.warmupOf(Job.DEDUP)).isEqualTo(400);
        assertThat(settings.recordsOf(Job.ENRICH)).isEqualTo(2_000);
        assertThat(settings.warmupOf(Job.ENRICH)).isZero();
    }

    @Test
    void noWarmupMeansTheMeasuredTicksAlone() {
        BenchmarkSettings settings = settings(1_000, 0);

        assertThat(settings.recordsOf(Job.TUMBLING)).isEqualTo(1_000);
        assertThat(settings.warmupOf(Job.TUMBLING)).isZero();
    }

    @Test
    void aNegativeWarmupNamesItsProperty() {
        assertThatThrownBy(() -> settings(1_000, -1)).hasMessageContaining("bench.warmupRecords");
    }

    private static BenchmarkSettings settings(int records, int warmup) {
        return new BenchmarkSettings(records, warmup, 100, 4, 5_000, Duration.ofSeconds(3), 0.1, 0.2,
                Duration.ofSeconds(20), 0.001, 1L, 2_000, Duration.ofSeconds(20), Set.of("all"), 1, "1g", false,
                Path.of("target"));
    }
}
