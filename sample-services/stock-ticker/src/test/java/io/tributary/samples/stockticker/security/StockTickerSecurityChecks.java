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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The stock-ticker service on a broker that requires SASL/SCRAM-SHA-512, configured through {@code spring.kafka.*}
 * alone: records flow through the exactly-once pipelines, a wrong password fails start-up, and no password (SASL, key
 * store, trust store) shows in the logs, in exceptions or in actuator output. Each subclass runs these checks over
 * one security protocol: it starts the broker and gives the service's {@code spring.kafka.*} TLS settings.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StockTickerSecurityChecks {

    static final String USER = "stock-ticker";
    /** Random, so that finding one in the output cannot be a coincidence of the code under test. */
    static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    static final String TRUST_STORE_PASSWORD = "truststore-" + UUID.randomUUID();
    static final String KEY_STORE_PASSWORD = "keystore-" + UUID.randomUUID();
    static final String KEY_PASSWORD = "key-" + UUID.randomUUID();
    private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, TRUST_STORE_PASSWORD,
            KEY_STORE_PASSWORD, KEY_PASSWORD);

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    SaslScramBroker broker;
    ConfigurableApplicationContext app;
    String baseUrl;

    /** Starts the broker, its SCRAM user {@link #USER} with {@link #PASSWORD}, and its SASL listener. */
    abstract SaslScramBroker startBroker() throws Exception;

    /** The SASL listener's security protocol, as the clients' config dumps print it. */
    abstract String securityProtocol();

    /** The service's {@code spring.kafka.ssl.*} settings; {@code name} tells one service's files from another's. */
    abstract List<String> sslProperties(String name) throws Exception;

    @BeforeAll
    void startBrokerAndService() throws Exception {
        broker = startBroker();
        app = service(PASSWORD, "default-exposure").run();
        baseUrl = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * The service with the sample's own configuration plus connection and security settings from
     * {@code spring.kafka.*} only, SSL store passwords included, and Kafka client logging at INFO so their config
     * dumps are captured; {@code extra} settings ({@code name=value}) are added or replace those of their name.
     */
    Service service(String password, String name, String... extra) throws Exception {
        List<String> properties = new ArrayList<>(List.of(
                "spring.kafka.bootstrap-servers=" + broker.saslBootstrapServers(),
                "spring.kafka.security.protocol=" + securityProtocol(),
                "spring.kafka.properties.sasl.mechanism=" + SaslScramBroker.MECHANISM,
                "spring.kafka.properties.sasl.jaas.config=" + SaslScramBroker.jaasConfig(USER, password),
                "server.port=0",
                "ticker.pipelines=dedup,tumbling",
                "tributary.application-id=stock-ticker-security-" + name + "-" + UUID.randomUUID().toString().substring(0, 8),
                "tributary.state-dir=" + Files.createDirectories(dir.resolve("state-" + name)),
                "logging.level.org.apache.kafka=info",
                "logging.level.io.tributary=debug"));
        properties.addAll(sslProperties(name));
        // an extra setting replaces the one of its name: given twice, Spring would join the values with a comma
        for (String setting : extra) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            properties.removeIf(property -> property.startsWith(key));
            properties.add(setting);
        }
        // As arguments: they must outrank the sample's application.yml, as a deployment's settings do.
        String[] args = properties.stream().map(property -> "--" + property).toArray(String[]::new);
        return () -> new SpringApplicationBuilder(StockTickerApplication.class).run(args);
    }

    /** A service ready to start. */
    interface Service {
        ConfigurableApplicationContext run();
    }

    static Path emptyStore(String name, String password) throws IOException, GeneralSecurityException {
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
                "security.protocol = " + securityProtocol(), "transactional.id = stock-ticker-security-");
        assertNoSecretIn(output.getAll());
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

    static void assertNoSecretIn(String text) {
        for (String secret : SECRETS) {
            assertThat(text).as("output containing a password").doesNotContain(secret);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void produce(List<ProducerRecord<String, String>> records) {
        Map<String, Object> props = new HashMap<>(broker.clientProps(USER, PASSWORD));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** The committed values of {@code key} in {@code topic}, once there are at least {@code expected}. */
    List<String> awaitCommitted(String topic, String key, int expected) {
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
