package io.tributary.annotation;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.tributary.api.ProcessorDefinition;
import io.tributary.enrich.Enrichment;
import io.tributary.enrich.EnrichmentOrder;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrichAnnotationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode TICK = JSON.readTree("{\"symbol\":\"AMZN\",\"price\":187}");

    static class Pipelines {

        @Enrich(name = "enrich", sources = "${ticks.topic}", output = "stock_ticker_enriched", keyFields = "symbol",
                timestampField = "timestamp", url = "${api.base-url}/companies/{symbol}",
                rename = "company_name=company_info.name, employees_count=company_info.employees_count",
                take = { "sector", "rating" }, order = EnrichmentOrder.PER_KEY, capacity = "${enrich.capacity}",
                requestTimeout = "2s", circuitBreaker = "company-api", retry = "company-api", cacheTtl = "5m",
                failuresTopic = "stock_ticker_enrich_dlt", deadLetterTopic = "stock_ticker_dlt")
        void enrich() {
        }

        @Enrich(name = "custom", sources = "orders", output = "orders_priced", into = "quote", retryLater = "30s")
        CompletableFuture<Map<String, Object>> quote(String key, JsonNode order) {
            return CompletableFuture.completedFuture(Map.of("symbol", key, "bid", order.get("price").asInt() - 1));
        }
    }

    @Test
    void turnsBothFormsIntoEnrichmentsWithPlaceholdersResolved() {
        Map<String, String> properties = Map.of("${ticks.topic}", "stock_ticker",
                "${api.base-url}/companies/{symbol}", "http://127.0.0.1:8080/companies/{symbol}",
                "${enrich.capacity}", "20");
        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors.definitionsOf(new Pipelines(),
                text -> properties.getOrDefault(text, text));

        assertThat(definitions).extracting(ProcessorDefinition::name).containsExactly("custom", "enrich");
        ProcessorDefinition<String, ?, Object> enrich = definitions.get(1);
        assertThat(enrich.sources()).containsExactly("stock_ticker");
        assertThat(enrich.outputTopic()).isEqualTo("stock_ticker_enriched");
        assertThat(enrich.deadLetterTopic()).isEqualTo("stock_ticker_dlt");
        assertThat(enrich.sideOutputTopics()).containsEntry(Enrichment.FAILURES.name(), "stock_ticker_enrich_dlt");
        assertThat(definitions.get(0).sideOutputTopics()).as("retryLater sends no record away").isEmpty();
        assertThat(definitions.get(0).deadLetterTopic()).isEqualTo("orders-dlt");
    }

    @Test
    void customMethodReceivesKeyAndValueAndItsResultBecomesJson() throws Exception {
        MethodLookup lookup = lookup("quote", true);

        JsonNode result = lookup.lookup(TICK, "AMZN").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(JSON.readTree("{\"symbol\":\"AMZN\",\"bid\":186}"));
    }

    static class Lookups {

        Mono<JsonNode> mono(JsonNode value) {
            return Mono.just(JSON.readTree("{\"sector\":\"Tech-" + value.get("symbol").asString() + "\"}"));
        }

        Mono<JsonNode> empty(JsonNode value) {
            return Mono.empty();
        }

        CompletionStage<JsonNode> throwing(JsonNode value) {
            throw new IllegalArgumentException("no quote for " + value.get("symbol").asString());
        }

        CompletableFuture<JsonNode> nothing(JsonNode value) {
            return null;
        }
    }

    @Test
    void reactorMonoIsSubscribedAndAnEmptyOneAddsNothing() throws Exception {
        assertThat(lookup(new Lookups(), "mono").lookup(TICK, "AMZN").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(JSON.readTree("{\"sector\":\"Tech-AMZN\"}"));
        assertThat(lookup(new Lookups(), "empty").lookup(TICK, "AMZN").toCompletableFuture().get(10, TimeUnit.SECONDS)
                .isNull()).isTrue();
    }

    @Test
    void aThrowingMethodOrANullStageIsAFailedLookup() {
        assertThatThrownBy(() -> lookup(new Lookups(), "throwing").lookup(TICK, "AMZN").toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no quote for AMZN");
        assertThatThrownBy(() -> lookup(new Lookups(), "nothing").lookup(TICK, "AMZN").toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasMessageContaining("returned null");
    }

    static class NoUrl {
        @Enrich(name = "e", sources = "in", output = "out")
        void enrich() {
        }
    }

    static class Unresolved {
        @Enrich(name = "e", sources = "in", output = "out", url = "${company.base-url}/companies/{symbol}")
        void enrich() {
        }
    }

    static class UrlAndFuture {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}")
        CompletableFuture<JsonNode> enrich(JsonNode value) {
            return null;
        }
    }

    static class WrongParameters {
        @Enrich(name = "e", sources = "in", output = "out")
        CompletableFuture<JsonNode> enrich(String value) {
            return null;
        }
    }

    static class WrongReturn {
        @Enrich(name = "e", sources = "in", output = "out")
        JsonNode enrich(JsonNode value) {
            return value;
        }
    }

    static class BadCapacity {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}", capacity = "lots")
        void enrich() {
        }
    }

    static class ZeroCapacity {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}", capacity = "0")
        void enrich() {
        }
    }

    static class FailuresAndRetryLater {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}", failuresTopic = "f",
                retryLater = "10s")
        void enrich() {
        }
    }

    static class BadCacheTtl {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}", cacheTtl = "soon")
        void enrich() {
        }
    }

    static class BadRename {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}", rename = "company_name")
        void enrich() {
        }
    }

    static class RelativeUrl {
        @Enrich(name = "e", sources = "in", output = "out", url = "/companies/{symbol}")
        void enrich() {
        }
    }

    static class ZeroTimeout {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}", requestTimeout = "0s")
        void enrich() {
        }
    }

    static class ParametersWithUrl {
        @Enrich(name = "e", sources = "in", output = "out", url = "http://localhost/{symbol}")
        void enrich(JsonNode value) {
        }
    }

    @Test
    void rejectsBadAttributesNamingTheMethodTheAttributeAndTheFix() {
        assertFails(new NoUrl(), "url is empty and the method returns void", "CompletableFuture<T> enrich(JsonNode value)");
        assertFails(new Unresolved(), "unresolved placeholder ${company.base-url}", "define that property");
        assertFails(new UrlAndFuture(), "url 'http://localhost/{symbol}' is set and the method returns", "keep one");
        assertFails(new WrongParameters(), "wrong parameters", "(String key, JsonNode value)");
        assertFails(new WrongReturn(), "the method returns tools.jackson.databind.JsonNode", "Mono<T>");
        assertFails(new BadCapacity(), "capacity 'lots' is not a whole number", "capacity = \"100\"");
        assertFails(new ZeroCapacity(), "capacity must be at least 1, got 0", "capacity = \"100\"");
        assertFails(new FailuresAndRetryLater(), "failuresTopic 'f' is set with retryLater", "remove one");
        assertFails(new BadCacheTtl(), "cacheTtl 'soon' is not a duration", "10s");
        assertFails(new BadRename(), "rename entry 'company_name' must be 'target=source'",
                "company_name=company_info.name");
        assertFails(new RelativeUrl(), "/companies/{symbol}", "@Enrich 'e'");
        assertFails(new ZeroTimeout(), "requestTimeout must be positive, got '0s'", "10s");
        assertFails(new ParametersWithUrl(), "must take no parameters when url is set", "void enrich()");
    }

    private static void assertFails(Object bean, String problem, String fix) {
        assertThatIllegalStateException().isThrownBy(() -> AnnotatedProcessors.definitionsOf(bean))
                .withMessageStartingWith("@Enrich 'e' on " + bean.getClass().getName() + ".enrich(")
                .withMessageContaining(problem)
                .withMessageContaining(fix);
    }

    private static MethodLookup lookup(String name, boolean withKey) throws NoSuchMethodException {
        Method method = Pipelines.class.getDeclaredMethod(name, String.class, JsonNode.class);
        return new MethodLookup(new Pipelines(), method, withKey, name);
    }

    private static MethodLookup lookup(Lookups bean, String name) throws NoSuchMethodException {
        return new MethodLookup(bean, Lookups.class.getDeclaredMethod(name, JsonNode.class), false, name);
    }
}
