package io.tributary.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.tributary.annotation.AnnotatedProcessors;
import io.tributary.annotation.Enrich;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.enrich.Enrichment;
import io.tributary.enrich.EnrichmentResources;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Enrich} bean methods on a real broker against a real local HTTP API: the declarative GET gives the contract's
 * flattened shape, the custom forms ({@code CompletableFuture} with key and value, Reactor {@code Mono}) merge what
 * they return, {@code coalesce} shares requests, and a failing custom call is retried by the named resilience4j
 * instance and dead-lettered with headers.
 */
@RealKafka
class EnrichAnnotationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CompanyApiServer api;
    private Tributary tributary;

    @BeforeEach
    void startApi() throws Exception {
        api = new CompanyApiServer();
    }

    @AfterEach
    void stop() {
        if (tributary != null) {
            tributary.close();
        }
        api.close();
    }

    /** The three forms side by side, reading the same topic; topics come from placeholders. */
    static class Pipelines {

        private final String baseUrl;

        Pipelines(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        @Enrich(name = "declarative", sources = "${in}", output = "${declarative.out}", keyFields = "symbol",
                timestampField = "timestamp", url = "${base-url}/companies/{symbol}",
                rename = { "company_name=company_info.name", "employees_count=company_info.employees_count" },
                take = "sector, rating", capacity = "8", requestTimeout = "5s")
        void declarative() {
        }

        @Enrich(name = "future", sources = "${in}", output = "${future.out}", keyFields = "symbol", into = "company",
                take = "sector")
        CompletableFuture<JsonNode> future(String symbol, JsonNode tick) {
            return get(symbol);
        }

        @Enrich(name = "mono", sources = "${in}", output = "${mono.out}", keyFields = "symbol", order =
                io.tributary.enrich.EnrichmentOrder.UNORDERED)
        Mono<Map<String, Object>> mono(JsonNode tick) {
            return Mono.fromFuture(() -> get(tick.get("symbol").asString()))
                    .map(company -> Map.of("rating_seen", company.get("rating").asString(), "seq_seen",
                            tick.get("seq").asInt()));
        }

        private CompletableFuture<JsonNode> get(String symbol) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/companies/" + symbol)).build();
            return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("company API answered " + response.statusCode());
                }
                return JSON.readTree(response.body());
            });
        }
    }

    @Test
    void declarativeAndCustomMethodsEnrichEveryRecord(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("enrich-in", 2);
        Map<String, String> properties = Map.of("${in}", input, "${base-url}/companies/{symbol}",
                api.baseUrl() + "/companies/{symbol}", "${declarative.out}", broker.uniqueTopic("declarative"),
                "${future.out}", broker.uniqueTopic("future"), "${mono.out}", broker.uniqueTopic("mono"));
        List<ProcessorDefinition<String, ?, Object>> definitions = AnnotatedProcessors.definitionsOf(
                new Pipelines(api.baseUrl()), text -> properties.getOrDefault(text, text));
        start(broker, stateDir, definitions);

        produce(broker, input, 0, 60, seq -> "S" + (seq % 6));

        List<ConsumerRecord<String, String>> declarative = broker.readAllCommitted(properties.get("${declarative.out}"),
                60, WAIT);
        ConsumerRecord<String, String> first = declarative.stream()
                .filter(record -> JSON.readTree(record.value()).get("seq").asInt() == 0).findFirst().orElseThrow();
        assertThat(first.key()).isEqualTo("S0");
        assertThat(first.value()).isEqualTo("{\"symbol\":\"S0\",\"seq\":0,\"price\":100,"
                + "\"timestamp\":\"2026-11-21T10:00:00Z\",\"company_name\":\"Company S0\",\"employees_count\":1000,"
                + "\"sector\":\"Sector-S0\",\"rating\":\"A\"}");
        assertThat(seqs(declarative)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).boxed().toList());

        List<ConsumerRecord<String, String>> future = broker.readAllCommitted(properties.get("${future.out}"), 60, WAIT);
        assertThat(seqs(future)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).boxed().toList());
        assertThat(future).allSatisfy(record -> {
            JsonNode value = JSON.readTree(record.value());
            assertThat(value.get("company").toString()).isEqualTo("{\"sector\":\"Sector-" + record.key() + "\"}");
            assertThat(value.has("company_info")).isTrue();
        });

        List<ConsumerRecord<String, String>> mono = broker.readAllCommitted(properties.get("${mono.out}"), 60, WAIT);
        assertThat(seqs(mono)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).boxed().toList());
        assertThat(mono).allSatisfy(record -> {
            JsonNode value = JSON.readTree(record.value());
            assertThat(value.get("rating_seen").asString()).isEqualTo("A");
            assertThat(value.get("seq_seen").asInt()).isEqualTo(value.get("seq").asInt());
        });
        assertThat(api.requests()).as("one GET per record and form").isEqualTo(180);
    }

    static class Coalescing {

        @Enrich(name = "coalescing", sources = "${in}", output = "${out}", keyFields = "symbol",
                url = "${base-url}/companies/{symbol}", take = "sector", capacity = "30", coalesce = true)
        void coalescing() {
        }
    }

    @Test
    void coalesceSharesOneRequestAmongRecordsOfAKeyInFlight(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("enrich-in", 1);
        String output = broker.uniqueTopic("coalescing");
        Map<String, String> properties = Map.of("${in}", input, "${out}", output,
                "${base-url}/companies/{symbol}", api.baseUrl() + "/companies/{symbol}");
        api.latency(symbol -> 50);
        start(broker, stateDir, AnnotatedProcessors.definitionsOf(new Coalescing(),
                text -> properties.getOrDefault(text, text)));

        produce(broker, input, 0, 60, seq -> "S" + (seq % 2));

        assertThat(seqs(broker.readAllCommitted(output, 60, WAIT)))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).boxed().toList());
        assertThat(api.requests()).as("requests for 60 records of 2 keys").isLessThan(60);
        assertThat(tributary.status().get("coalescing").enrichment().coalesced()).isEqualTo(60 - api.requests());
    }

    static class Failing {

        private final String baseUrl;

        Failing(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        @Enrich(name = "failing", sources = "${in}", output = "${out}", keyFields = "symbol", retry = "${retry}",
                failuresTopic = "${failures}")
        CompletableFuture<JsonNode> lookup(String symbol, JsonNode tick) {
            return new Pipelines(baseUrl).get(symbol);
        }
    }

    @Test
    void aFailingCustomCallIsRetriedThenDeadLetteredWithHeadersAndNothingIsLost(KafkaBroker broker,
            @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("enrich-in", 1);
        String output = broker.uniqueTopic("enrich-out");
        String failures = broker.uniqueTopic("enrich-failures");
        String retry = "company-api-" + UUID.randomUUID();
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(2)
                .waitDuration(Duration.ofMillis(10)).build());
        EnrichmentResources resources = EnrichmentResources.builder().retries(retries).build();
        Map<String, String> properties = Map.of("${in}", input, "${out}", output, "${failures}", failures,
                "${retry}", retry);
        start(broker, stateDir, AnnotatedProcessors.definitionsOf(new Failing(api.baseUrl()),
                text -> properties.getOrDefault(text, text), resources));

        api.failing(true);
        produce(broker, input, 0, 5, seq -> "S" + seq);
        List<ConsumerRecord<String, String>> deadLetters = broker.readAllCommitted(failures, 5, WAIT);
        api.failing(false);
        produce(broker, input, 5, 10, seq -> "S" + seq);
        List<ConsumerRecord<String, String>> enriched = broker.readAllCommitted(output, 5, WAIT);

        assertThat(seqs(deadLetters)).containsExactly(0, 1, 2, 3, 4);
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(header(record, "tributary-dlt-reason")).isEqualTo("enrichment-failed");
            assertThat(header(record, Enrichment.ATTEMPTS_HEADER)).isEqualTo("2");
            assertThat(header(record, "kafka_dlt-exception-message")).contains("company API answered 503");
            assertThat(JSON.readTree(record.value()).has("sector")).as("original value").isFalse();
        });
        assertThat(seqs(enriched)).containsExactly(5, 6, 7, 8, 9);
        assertThat(api.requests()).as("two attempts per failed record, one per enriched").isEqualTo(15);
    }

    private void start(KafkaBroker broker, Path stateDir, List<ProcessorDefinition<String, ?, Object>> definitions) {
        tributary = Tributary.create(TributaryConfig.builder(broker.uniqueTopic("enrich-annotation-app"))
                .instanceId("enrich-1").bootstrapServers(broker.bootstrapServers()).stateDir(stateDir)
                .commitInterval(Duration.ofMillis(100)).build(), new ArrayList<ProcessorDefinition<?, ?, ?>>(definitions))
                .start();
    }

    private static void produce(KafkaBroker broker, String topic, int from, int to,
            java.util.function.IntFunction<String> symbolOf) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            String symbol = symbolOf.apply(seq);
            records.add(Map.entry(symbol, "{\"symbol\":\"" + symbol + "\",\"seq\":" + seq + ",\"price\":" + (100 + seq % 50)
                    + ",\"timestamp\":\"" + T0.plusSeconds(seq) + "\",\"company_info\":{\"name\":\"Company " + symbol
                    + "\",\"employees_count\":1000}}"));
        }
        broker.produceAll(topic, records);
    }

    private static List<Integer> seqs(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> JSON.readTree(record.value()).get("seq").asInt()).toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
