package io.tributary.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.api.ProcessorStatus;
import io.tributary.api.Tributary;
import io.tributary.autoconfigure.UnstartedTributary;
import io.tributary.endpoint.TributaryEndpoint.ProcessorDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryEndpointTest {

    @Test
    void listsEveryProcessorWithItsTopicsAndStatus() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders", "payments")) {
            TributaryEndpoint endpoint = new TributaryEndpoint(tributary::status);

            assertThat(endpoint.processors().processors()).containsOnlyKeys("orders", "payments");
            assertThat(endpoint.processors().processors().get("orders")).isEqualTo(new ProcessorDescriptor(
                    List.of("orders-in"), "orders-out", Set.of(), false, false, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0,
                    List.of()));
        }
    }

    @Test
    void showsTheRecordsLeftToRestoreWhileRestoring() {
        ProcessorStatus restoring = new ProcessorStatus("orders", false, true, Set.of(), 0, 0, 0, 0, null,
                List.of("orders-in"), "orders-out", 0, 500, 0, Duration.ZERO, 0, 0, ProcessorStatus.EnrichmentStats.NONE,
                Duration.ZERO, List.of(), 1500);
        TributaryEndpoint endpoint = new TributaryEndpoint(() -> Map.of("orders", restoring));

        assertThat(endpoint.processor("orders")).extracting(ProcessorDescriptor::restoring,
                ProcessorDescriptor::restoreRemaining).containsExactly(true, 1500L);
    }

    @Test
    void describesOneProcessorByName() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders", "payments")) {
            TributaryEndpoint endpoint = new TributaryEndpoint(tributary::status);

            assertThat(endpoint.processor("payments")).extracting(ProcessorDescriptor::sources)
                    .isEqualTo(List.of("payments-in"));
            assertThat(endpoint.processor("unknown")).isNull();
        }
    }
}
