package io.tributary.endpoint;

import java.util.List;
import java.util.Set;

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
                    List.of("orders-in"), "orders-out", Set.of(), false, false, 0, 0, 0, 0, 0, 0, null, null, 0, 0, 0,
                    List.of()));
        }
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
