package io.tributary.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.annotation.Deduplicate;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole Spring Boot application with the starter, an annotated processor bean, Spring MVC, actuator and
 * Prometheus, on a real broker: health, metrics and the {@code tributary} endpoint read over HTTP as an operator
 * (or Kubernetes) would.
 */
@RealKafka
class TributaryStarterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path stateDir;

    private static ConfigurableApplicationContext app;
    private static KafkaBroker kafka;
    private static String input;
    private static String baseUrl;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OrdersApplication {

        @Bean
        OrderDeduplication orderDeduplication() {
            return new OrderDeduplication();
        }
    }

    static class OrderDeduplication {

        @Deduplicate(name = "orders-dedup", sources = "${orders.topic}", output = "${orders.topic}-unique",
                keyFields = "order_id", scope = "1h", deadLetterTopic = "${orders.topic}-dlt")
        void dedup() {
        }
    }

    @BeforeAll
    static void startApplication(KafkaBroker broker) {
        kafka = broker;
        input = broker.createUniqueTopic("orders", 2);
        app = new SpringApplicationBuilder(OrdersApplication.class).properties(
                "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "server.port=0",
                "spring.application.name=" + broker.uniqueTopic("orders-app"), "orders.topic=" + input,
                "tributary.state-dir=" + stateDir,
                "management.endpoints.web.exposure.include=health,prometheus,tributary",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.probes.enabled=true").run();
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stopApplication() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void healthMetricsAndEndpointDescribeTheRunningProcessor() throws Exception {
        List<ProducerRecord<String, String>> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(new ProducerRecord<>(input, "o" + i, "{\"order_id\":\"o" + i + "\",\"amount\":" + i + "}"));
        }
        orders.add(new ProducerRecord<>(input, "o7", "{\"order_id\":\"o7\",\"amount\":7}"));
        orders.add(new ProducerRecord<>(input, "bad", "{\"order_id\":"));
        kafka.produceAll(orders);
        kafka.readAllCommitted(input + "-unique", 50, WAIT);

        await().atMost(WAIT).untilAsserted(() -> {
            String prometheus = get("/actuator/prometheus").body();
            assertThat(sample(prometheus, "tributary_records_in_total")).isEqualTo(52);
            assertThat(sample(prometheus, "tributary_records_out_total")).isEqualTo(50);
            assertThat(sample(prometheus, "tributary_records_duplicate_total")).isEqualTo(1);
            assertThat(sample(prometheus, "tributary_records_dead_lettered_total")).isEqualTo(1);
            assertThat(sample(prometheus, "tributary_assigned_partitions")).isEqualTo(2);
            assertThat(sample(prometheus, "tributary_processing_latency_seconds_count")).isEqualTo(52);
            assertThat(sample(prometheus, "tributary_consumer_lag")).isZero();
            assertThat(sample(prometheus, "tributary_state_entries")).isPositive();
            assertThat(sample(prometheus, "tributary_watermark_lag_seconds")).isBetween(0.0, 600.0);
            // the Kafka clients' own metrics, bound per client id
            assertThat(prometheus).containsPattern("(?m)^kafka_consumer_\\w+\\{[^}]*orders-dedup")
                    .containsPattern("(?m)^kafka_producer_\\w+\\{[^}]*orders-dedup");
        });

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = JSON.readTree(health.body()).get("components");
        assertThat(components.get("tributary").get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        JsonNode processor = JSON.readTree(get("/actuator/tributary").body()).get("processors").get("orders-dedup");
        assertThat(processor.get("sources").get(0).asString()).isEqualTo(input);
        assertThat(processor.get("output").asString()).isEqualTo(input + "-unique");
        assertThat(processor.get("running").asBoolean()).isTrue();
        assertThat(processor.get("recordsIn").asLong()).isEqualTo(52);
        assertThat(processor.get("duplicatesDropped").asLong()).isEqualTo(1);
        assertThat(processor.get("watermark").asString()).isNotEmpty();
        assertThat(processor.get("partitions")).hasSize(2);
        assertThat(processor.get("partitions").get(0).get("stateEntries").asLong()).isPositive();
        assertThat(get("/actuator/tributary/orders-dedup").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/tributary/no-such-processor").statusCode()).isEqualTo(404);

        // The read-only state query: this single instance owns every key.
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> found = get("/actuator/tributary/orders-dedup/state/o7");
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(found.body());
            assertThat(body.get("outcome").asString()).isEqualTo("FOUND");
            assertThat(body.get("key").asString()).isEqualTo("o7");
            assertThat(body.get("states").get("dedup-first-seen").isNumber()).isTrue();
        });
        HttpResponse<String> missing = get("/actuator/tributary/orders-dedup/state/never-seen");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("outcome").asString()).isEqualTo("NOT_FOUND");
        assertThat(get("/actuator/tributary/no-such-processor/state/o7").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/tributary/orders-dedup/other/o7").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the {@code orders-dedup} sample of a Prometheus metric, or -1 when it is absent. */
    private static double sample(String exposition, String metric) {
        Matcher matcher = Pattern.compile("(?m)^" + metric + "\\{[^}]*processor=\"orders-dedup\"[^}]*\\} (\\S+)$")
                .matcher(exposition);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
