package io.tributary.samples.stockticker.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.api.ProcessorStatus;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.samples.stockticker.StockTickerApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The stock-ticker service on a broker that requires SASL/SCRAM-SHA-512, configured through {@code spring.kafka.*}
 * alone: records flow through the exactly-once pipelines, a wrong password fails start-up, only {@code health},
 * {@code info} and {@code prometheus} are reachable over HTTP, JSON type hints in the input are data, and no password
 * (SASL, key store, trust store) shows in the logs, in exceptions or in actuator output.
 */
@ExtendWith(OutputCaptureExtension.class)
class StockTickerSecurityIT {

    private static final String USER = "stock-ticker";
    /** Random, so that finding one in the output cannot be a coincidence of the code under test. */
    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static final String TRUST_STORE_PASSWORD = "truststore-" + UUID.randomUUID();
    private static final String KEY_STORE_PASSWORD = "keystore-" + UUID.randomUUID();
    private static final String KEY_PASSWORD = "key-" + UUID.randomUUID();
    private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, TRUST_STORE_PASSWORD,
            KEY_STORE_PASSWORD, KEY_PASSWORD);

    private static final String GADGET = InstantiationGadget.class.getName();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static SaslScramBroker broker;
    private static ConfigurableApplicationContext app;
    private static String baseUrl;

    @BeforeAll
    static void startBrokerAndService() throws Exception {
        broker = SaslScramBroker.start(USER, PASSWORD);
        app = service(PASSWORD, "default-exposure").run();
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * The service with the sample's own configuration plus connection and security settings from
     * {@code spring.kafka.*} only, SSL store passwords included (unused on a SASL_PLAINTEXT connection, but handed
     * to every client config like the rest), and Kafka client logging at INFO so their config dumps are captured.
     */
    private static Service service(String password, String name, String... extra) throws Exception {
        List<String> properties = new ArrayList<>(List.of(
                "spring.kafka.bootstrap-servers=" + broker.saslBootstrapServers(),
                "spring.kafka.security.protocol=SASL_PLAINTEXT",
                "spring.kafka.properties.sasl.mechanism=" + SaslScramBroker.MECHANISM,
                "spring.kafka.properties.sasl.jaas.config=" + SaslScramBroker.jaasConfig(USER, password),
                "spring.kafka.ssl.trust-store-location=file:" + emptyStore("trust-" + name, TRUST_STORE_PASSWORD),
                "spring.kafka.ssl.trust-store-password=" + TRUST_STORE_PASSWORD,
                "spring.kafka.ssl.trust-store-type=PKCS12",
                "spring.kafka.ssl.key-store-location=file:" + emptyStore("key-" + name, KEY_STORE_PASSWORD),
                "spring.kafka.ssl.key-store-password=" + KEY_STORE_PASSWORD,
                "spring.kafka.ssl.key-store-type=PKCS12",
                "spring.kafka.ssl.key-password=" + KEY_PASSWORD,
                "server.port=0",
                "ticker.pipelines=dedup,tumbling",
                "tributary.application-id=stock-ticker-security-" + name + "-" + UUID.randomUUID().toString().substring(0, 8),
                "tributary.state-dir=" + Files.createDirectories(dir.resolve("state-" + name)),
                "logging.level.org.apache.kafka=info",
                "logging.level.io.tributary=debug"));
        properties.addAll(List.of(extra));
        // As arguments: they must outrank the sample's application.yml, as a deployment's settings do.
        String[] args = properties.stream().map(property -> "--" + property).toArray(String[]::new);
        return () -> new SpringApplicationBuilder(StockTickerApplication.class).run(args);
    }

    /** A service ready to start. */
    private interface Service {
        ConfigurableApplicationContext run();
    }

    private static Path emptyStore(String name, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    @Test
    void processesExactlyOnceOnTheScramBrokerWithSpringKafkaSettingsAlone(CapturedOutput output) {
        String symbol = "SCRM";
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        List<ProducerRecord<String, String>> ticks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ProducerRecord<String, String> tick = new ProducerRecord<>("stock_ticker", symbol,
                    tick(symbol, 100 + i, start.plusSeconds(i * 60L)));
            ticks.add(tick);
            ticks.add(tick);
        }
        // closes the tumbling windows [10:00, 10:10) and [10:10, 10:20)
        ticks.add(new ProducerRecord<>("stock_ticker", symbol, tick(symbol, 1, start.plusSeconds(30 * 60))));
        produce(ticks);

        List<String> deduplicated = awaitCommitted("stock_ticker_dedup", symbol, 21);
        assertThat(deduplicated).hasSize(21).doesNotHaveDuplicates();
        List<String> windows = awaitCommitted("stock_max_price_tumbling", symbol, 2);
        assertThat(windows).containsExactly(
                "{\"symbol\":\"SCRM\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\",\"max_price\":109,\"count\":10}",
                "{\"symbol\":\"SCRM\",\"window_start\":\"2026-11-21T10:10:00Z\",\"window_end\":\"2026-11-21T10:20:00Z\",\"max_price\":119,\"count\":10}");
        ProcessorStatus dedup = app.getBean(TributaryLifecycle.class).status().get("dedup");
        assertThat(dedup.failure()).isNull();
        assertThat(dedup.commits()).isPositive();

        // The capture holds the clients' config dumps: proof that it saw them, and that they hide the secrets.
        assertThat(output.getAll()).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]",
                "transactional.id = stock-ticker-security-");
        assertNoSecretIn(output.getAll());
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheusOverHttp() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("tributary_records_in");
        for (String hidden : List.of("env", "env/spring.kafka.properties.sasl.jaas.config", "beans", "heapdump",
                "threaddump", "configprops", "loggers", "metrics", "mappings", "conditions", "tributary",
                "tributary/dedup", "shutdown", "scheduledtasks", "startup", "sbom", "logfile")) {
            assertThat(get("/actuator/" + hidden).statusCode()).as("/actuator/" + hidden).isEqualTo(404);
        }
        assertThat(get("/actuator").body()).doesNotContain("/env", "/beans", "/heapdump", "/tributary", "/configprops");
    }

    @Test
    void treatsJsonTypeHintsInTheInputAsData() throws ClassNotFoundException {
        String symbol = "GDGT";
        String classProperty = "{\"@class\":\"" + GADGET + "\",\"symbol\":\"GDGT\",\"price\":1,"
                + "\"timestamp\":\"2026-11-21T11:00:00Z\",\"company_info\":{\"@class\":\"" + GADGET + "\"}}";
        String wrapperArray = "[\"" + GADGET + "\",{\"symbol\":\"GDGT\",\"price\":2,\"timestamp\":\"2026-11-21T11:00:01Z\"}]";
        String wrapperObject = "{\"" + GADGET + "\":{\"symbol\":\"GDGT\",\"price\":3,\"timestamp\":\"2026-11-21T11:00:02Z\"}}";
        String typedPrice = "{\"symbol\":\"GDGT\",\"price\":[\"" + GADGET + "\",{}],\"timestamp\":\"2026-11-21T11:00:03Z\"}";
        produce(List.of(new ProducerRecord<>("stock_ticker", symbol, classProperty),
                new ProducerRecord<>("stock_ticker", symbol, wrapperArray),
                new ProducerRecord<>("stock_ticker", symbol, wrapperObject),
                new ProducerRecord<>("stock_ticker", symbol, typedPrice)));

        // Data: passed on unchanged where the record has what the pipeline needs, dead-lettered where it has not.
        List<String> passed = awaitCommitted("stock_ticker_dedup", symbol, 2);
        assertThat(passed).hasSize(2);
        assertThat(JSON.readTree(passed.get(0))).isEqualTo(JSON.readTree(classProperty));
        assertThat(JSON.readTree(passed.get(1))).isEqualTo(JSON.readTree(typedPrice));
        List<String> deadLetters = awaitCommitted("stock_ticker_dlt", symbol, 2);
        assertThat(deadLetters).contains(wrapperArray, wrapperObject);
        // the hints name a class the service could load
        assertThat(Class.forName(GADGET, false, StockTickerApplication.class.getClassLoader())).isNotNull();
        assertThat(GadgetTrace.TOUCHED).as("gadget class initialised or constructed").isFalse();
    }

    @Test
    void wrongPasswordFailsStartUpSayingAuthenticationFailed(CapturedOutput output) throws Exception {
        Service wrong = service(WRONG_PASSWORD, "wrong-password");
        assertThatThrownBy(wrong::run).rootCause()
                .hasMessageContaining("Authentication failed")
                .hasMessageContaining(SaslScramBroker.MECHANISM);
        assertNoSecretIn(output.getAll());
    }

    @Test
    void actuatorOutputHidesSecretsEvenWhenEveryEndpointIsExposed(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext exposed = service(PASSWORD, "all-exposed",
                "management.endpoints.web.exposure.include=*", "management.endpoint.health.show-details=always").run();
        try {
            String url = "http://localhost:" + ((WebServerApplicationContext) exposed).getWebServer().getPort();
            StringBuilder bodies = new StringBuilder();
            for (String path : List.of("env", "env/spring.kafka.properties.sasl.jaas.config",
                    "env/spring.kafka.ssl.trust-store-password", "configprops", "configprops/spring.kafka",
                    "health", "tributary", "beans", "conditions", "loggers")) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/actuator/" + path))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("/actuator/" + path).isEqualTo(200);
                bodies.append(response.body());
            }
            // the values are there, masked
            assertThat(bodies).contains("spring.kafka.properties.sasl.jaas.config", "******");
            assertNoSecretIn(bodies.toString());
        }
        finally {
            exposed.close();
        }
        assertNoSecretIn(output.getAll());
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : SECRETS) {
            assertThat(text).as("output containing a password").doesNotContain(secret);
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void produce(List<ProducerRecord<String, String>> records) {
        Map<String, Object> props = new HashMap<>(broker.clientProps(USER, PASSWORD));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** The committed values of {@code key} in {@code topic}, once there are at least {@code expected}. */
    private static List<String> awaitCommitted(String topic, String key, int expected) {
        Map<String, Object> props = new HashMap<>(broker.clientProps(USER, PASSWORD));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await(expected + " committed records of " + key + " in " + topic).atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            if (key.equals(record.key())) {
                                values.add(record.value());
                            }
                        }
                        return values.size() >= expected;
                    });
            // anything beyond the expected count would show up right behind it
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                if (key.equals(record.key())) {
                    values.add(record.value());
                }
            });
        }
        return values;
    }

    private static String tick(String symbol, int price, Instant timestamp) {
        return "{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"timestamp\":\"" + timestamp
                + "\",\"company_info\":{\"name\":\"" + symbol + " Inc\",\"employees_count\":1000}}";
    }
}
