package io.tributary.endpoint;

import java.util.Map;

import io.tributary.api.StateQueryResult;
import io.tributary.api.StateQueryResult.Outcome;
import io.tributary.api.Tributary;
import io.tributary.autoconfigure.UnstartedTributary;
import io.tributary.endpoint.TributaryEndpoint.KeyStateDescriptor;
import io.tributary.endpoint.TributaryEndpoint.QueryError;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import tools.jackson.databind.node.LongNode;

import static org.assertj.core.api.Assertions.assertThat;

/** How the state query's outcomes map to HTTP statuses and bodies. */
class TributaryEndpointStateTest {

    @Test
    void foundKeyAnswers200WithItsStates() {
        WebEndpointResponse<Object> response = query(answer(Outcome.FOUND, "a", null, Map.of("count", LongNode.valueOf(3))));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getBody()).isInstanceOfSatisfying(KeyStateDescriptor.class, body -> {
            assertThat(body.outcome()).isEqualTo("FOUND");
            assertThat(body.states().get("count").asLong()).isEqualTo(3);
        });
    }

    @Test
    void unknownKeyAnswers404() {
        assertThat(query(answer(Outcome.NOT_FOUND, "a", null, Map.of())).getStatus()).isEqualTo(404);
    }

    @Test
    void keyOwnedElsewhereAnswers421NamingTheOwner() {
        WebEndpointResponse<Object> response = query(answer(Outcome.OTHER_INSTANCE, "b", "10.0.0.7", Map.of()));

        assertThat(response.getStatus()).isEqualTo(TributaryEndpoint.MISDIRECTED_REQUEST);
        assertThat(response.getBody()).isInstanceOfSatisfying(KeyStateDescriptor.class, body -> {
            assertThat(body.ownerInstance()).isEqualTo("b");
            assertThat(body.ownerHost()).isEqualTo("10.0.0.7");
        });
    }

    @Test
    void keyOwnedElsewhereAnswers421WithTheOwnersAdvertisedUrl() {
        WebEndpointResponse<Object> response = query(new StateQueryResult(Outcome.OTHER_INSTANCE, "orders", "k", 1, "b",
                "10.0.0.7", "http://orders-1.orders:8080", Map.of()));

        assertThat(response.getStatus()).isEqualTo(TributaryEndpoint.MISDIRECTED_REQUEST);
        assertThat(response.getBody()).isInstanceOfSatisfying(KeyStateDescriptor.class,
                body -> assertThat(body.ownerUrl()).isEqualTo("http://orders-1.orders:8080"));
    }

    @Test
    void restoringOrMovingPartitionAnswers503() {
        assertThat(query(answer(Outcome.UNAVAILABLE, null, null, Map.of())).getStatus()).isEqualTo(503);
    }

    @Test
    void badKeyAnswers400AndStoppedRuntime503() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders")) {
            TributaryEndpoint badKey = new TributaryEndpoint(tributary::status, (processor, key) -> {
                throw new IllegalArgumentException("'x' is not a key of processor 'orders'");
            });
            assertThat(badKey.state("orders", "state", "x").getStatus()).isEqualTo(400);
            assertThat(badKey.state("orders", "state", "x").getBody()).isInstanceOfSatisfying(QueryError.class,
                    body -> assertThat(body.error()).contains("not a key"));
            assertThat(new TributaryEndpoint(tributary::status).state("orders", "state", "x").getStatus())
                    .isEqualTo(503);
        }
    }

    @Test
    void unknownProcessorOrSectionAnswers404() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders")) {
            TributaryEndpoint endpoint = new TributaryEndpoint(tributary::status,
                    (processor, key) -> answer(Outcome.FOUND, "a", null, Map.of()));
            assertThat(endpoint.state("payments", "state", "k").getStatus()).isEqualTo(404);
            assertThat(endpoint.state("orders", "timers", "k").getStatus()).isEqualTo(404);
        }
    }

    private static WebEndpointResponse<Object> query(StateQueryResult answer) {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders")) {
            return new TributaryEndpoint(tributary::status, (processor, key) -> answer).state("orders", "state", "k");
        }
    }

    private static StateQueryResult answer(Outcome outcome, String owner, String host,
            Map<String, tools.jackson.databind.JsonNode> states) {
        return new StateQueryResult(outcome, "orders", "k", 1, owner, host, states);
    }
}
