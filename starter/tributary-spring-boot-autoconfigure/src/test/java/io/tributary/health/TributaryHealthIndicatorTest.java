package io.tributary.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.api.ProcessorStatus;
import io.tributary.api.Tributary;
import io.tributary.autoconfigure.UnstartedTributary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

class TributaryHealthIndicatorTest {

    @Test
    void upWithDetailsPerProcessor() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders", "payments")) {
            Health health = new TributaryHealthIndicator(tributary::status).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsOnlyKeys("orders", "payments");
            assertThat(health.getDetails().get("orders")).isEqualTo(Map.of("running", false, "restoring", false,
                    "assignedPartitions", Set.of(), "recordsIn", 0L, "recordsOut", 0L, "deadLettered", 0L,
                    "commits", 0L));
        }
    }

    @Test
    void upWithoutDetailsWhenNoProcessorRuns() {
        Health health = new TributaryHealthIndicator(Map::of).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).isEmpty();
    }

    @Test
    void upWhileRestoring() {
        Health health = new TributaryHealthIndicator(() -> Map.of("orders", status("orders", true, null))).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("orders")).asInstanceOf(MAP)
                .containsEntry("restoring", true);
    }

    @Test
    void upWhileASlowDownstreamHoldsRecordsAndLagGrows() {
        // An enrichment endpoint answering slowly: lookups in flight, failures and time-outs, input piling up. The
        // processor still runs, so the instance must not look broken (a liveness probe would restart it for nothing).
        ProcessorStatus slow = new ProcessorStatus("orders", true, false, Set.of(0), 10_000, 2_000, 300, 40, null,
                List.of("orders-in"), "orders-out", 0, 0, 0, Duration.ofSeconds(3), 0, 0,
                new ProcessorStatus.EnrichmentStats(5_000, 1_500, 200, 300, 0, 0, 2_000, Duration.ofMinutes(30)),
                Duration.ofSeconds(1), List.of(new ProcessorStatus.PartitionStatus(0, null, 250_000, 10, 4096)));

        Health health = new TributaryHealthIndicator(() -> Map.of("orders", slow)).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWithTheFailureWhenAnyProcessorFailed() {
        Health health = new TributaryHealthIndicator(() -> Map.of(
                "orders", status("orders", false, null),
                "payments", status("payments", false, "java.lang.IllegalStateException: store corrupted")))
                .health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("payments")).asInstanceOf(MAP)
                .containsEntry("failure", "java.lang.IllegalStateException: store corrupted")
                .containsEntry("running", false);
        assertThat(health.getDetails().get("orders")).asInstanceOf(MAP)
                .doesNotContainKey("failure");
    }

    private static ProcessorStatus status(String name, boolean restoring, @Nullable String failure) {
        return new ProcessorStatus(name, failure == null && !restoring, restoring, Set.of(0), 3, 3, 0, 1, failure,
                List.of(name + "-in"), name + "-out", 0, 0, 0, Duration.ofMillis(2), 0, 0);
    }
}
