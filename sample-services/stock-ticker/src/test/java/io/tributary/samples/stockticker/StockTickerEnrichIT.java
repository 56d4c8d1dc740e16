package io.tributary.samples.stockticker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.samples.stockticker.dev.CompanyApiStub;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The enrich pipeline end to end: the service runs only {@code enrich} against a real broker and the company-API stub
 * (here without random failures or outages), with the sample's cache, driven by plain Kafka clients. Every tick ends
 * exactly once either enriched, in the contract's flattened shape, or, when the API fails for it after retries,
 * unchanged in the enrich dead-letter topic with reason headers; a tick that joined another's failing lookup through
 * the cache carries that lookup's attempts and status.
 */
@RealKafka
class StockTickerEnrichIT {

    private static final String INPUT = "stock_ticker";
    private static final String OUTPUT = "stock_ticker_enriched";
    private static final String FAILURES = "stock_ticker_enrich_dlt";
    private static final List<String> SYMBOLS = List.of("AAPL", "AMZN", "MSFT", "NVDA");
    private static final int TICKS_PER_SYMBOL = 10;
    /** A day no other test's ticks use, so this test reads only its own records from the shared topics. */
    private static final String DAY = "2026-11-23";
    private static final Instant START = Instant.parse(DAY + "T10:03:07.250Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path stateDir;

    private static CompanyApiStub api;
    private static ConfigurableApplicationContext app;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startService(KafkaBroker broker) {
        kafka = broker;
        api = new CompanyApiStub(0, Duration.ZERO, Duration.ZERO);
        app = new SpringApplicationBuilder(StockTickerApplication.class)
                .properties("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "server.port=0",
                        "tributary.application-id=" + broker.uniqueTopic("stock-ticker-enrich-it"),
                        "tributary.state-dir=" + stateDir, "ticker.company-api.base-url=" + api.baseUrl())
                // an argument, as application.yml's values outrank the builder's default properties
                .run("--ticker.pipelines=enrich");
    }

    @AfterAll
    static void stopService() {
        if (app != null) {
            app.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void enrichesEveryTickInTheContractsShapeAndDeadLettersThoseTheApiFailsFor() {
        List<ProducerRecord<String, String>> input = new ArrayList<>();
        for (int i = 0; i < TICKS_PER_SYMBOL; i++) {
            for (String symbol : SYMBOLS) {
                input.add(new ProducerRecord<>(INPUT, symbol, tick(symbol, 187 + i, START.plusSeconds(i),
                        symbol.equals("AMZN") ? "Amazon.com Inc" : symbol + " Inc", 1_525_000)));
            }
        }
        // The API answers 404 for a symbol it does not know: retried, then dead-lettered. The second tick comes
        // while the first's lookup still retries, so through the cache it shares that lookup and its failure.
        String unknown = tick("ZZZZ", 5, START.plusSeconds(30), "Nobody Inc", 1);
        input.add(new ProducerRecord<>(INPUT, "ZZZZ", unknown));
        input.add(new ProducerRecord<>(INPUT, "ZZZZ", tick("ZZZZ", 6, START.plusSeconds(31), "Nobody Inc", 1)));
        kafka.produceAll(input);

        List<ConsumerRecord<String, String>> enriched = awaitOwn(OUTPUT, SYMBOLS.size() * TICKS_PER_SYMBOL);
        List<ConsumerRecord<String, String>> failed = awaitOwn(FAILURES, 2);

        assertThat(enriched).filteredOn(record -> record.key().equals("AMZN")).first()
                .extracting(ConsumerRecord::value)
                .isEqualTo("{\"symbol\":\"AMZN\",\"price\":187,\"timestamp\":\"" + DAY + "T10:03:07.250Z\","
                        + "\"company_name\":\"Amazon.com Inc\",\"employees_count\":1525000,\"sector\":\"Consumer\","
                        + "\"rating\":\"A\"}");
        assertThat(enriched).extracting(record -> JSON.readTree(record.value()).get("symbol").asString() + "@"
                + JSON.readTree(record.value()).get("timestamp").asString()).doesNotHaveDuplicates();
        assertThat(enriched).allSatisfy(record -> {
            var value = JSON.readTree(record.value());
            assertThat(record.key()).isEqualTo(value.get("symbol").asString());
            assertThat(value.has("company_info")).isFalse();
            assertThat(value.get("sector").asString()).isNotBlank();
            assertThat(value.get("rating").asString()).isNotBlank();
        });

        assertThat(failed).extracting(ConsumerRecord::value).first().isEqualTo(unknown);
        assertThat(failed).allSatisfy(record -> {
            assertThat(header(record, "tributary-dlt-reason")).isEqualTo("enrichment-failed");
            assertThat(header(record, "tributary-enrich-status")).isEqualTo("404");
            assertThat(header(record, "tributary-enrich-attempts")).as("resilience4j.retry max-attempts").isEqualTo("3");
        });
        var stats = app.getBean(TributaryLifecycle.class).status().get("enrich").enrichment();
        assertThat(stats.failed()).isGreaterThanOrEqualTo(2);
        assertThat(stats.cacheHits()).as("application.yml's cache-ttl").isPositive();
    }

    /** This test's records of {@code topic}, once there are {@code expected}, checked to be no more. */
    private static List<ConsumerRecord<String, String>> awaitOwn(String topic, int expected) {
        List<ConsumerRecord<String, String>> own = new ArrayList<>();
        await(expected + " records of " + topic).atMost(WAIT).until(() -> {
            own.clear();
            kafka.readToEnd(topic, Duration.ofSeconds(10)).stream()
                    .filter(record -> record.value().contains("\"timestamp\":\"" + DAY))
                    .forEach(own::add);
            return own.size() >= expected;
        });
        assertThat(own).hasSize(expected);
        return own;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String tick(String symbol, int price, Instant timestamp, String company, int employees) {
        return "{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"timestamp\":\"" + timestamp
                + "\",\"company_info\":{\"name\":\"" + company + "\",\"employees_count\":" + employees + "}}";
    }
}
