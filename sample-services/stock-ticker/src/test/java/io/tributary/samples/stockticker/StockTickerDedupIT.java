package io.tributary.samples.stockticker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.api.ProcessorStatus;
import io.tributary.autoconfigure.TributaryLifecycle;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dedup pipeline end to end: the service runs against a real broker, with the contract's topic names, and is
 * driven by plain Kafka clients.
 */
@RealKafka
class StockTickerDedupIT {

    private static final String INPUT = "stock_ticker";
    private static final String OUTPUT = "stock_ticker_dedup";
    private static final String DEAD_LETTERS = "stock_ticker_dlt";
    private static final List<String> SYMBOLS = List.of("AAPL", "AMZN", "MSFT", "NVDA");
    private static final int TICKS_PER_SYMBOL = 25;
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path stateDir;

    private static ConfigurableApplicationContext app;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startService(KafkaBroker broker) {
        kafka = broker;
        // The service creates its topics at start-up; the application id is unique so no earlier run's offsets apply.
        app = new SpringApplicationBuilder(StockTickerApplication.class)
                .properties("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "server.port=0",
                        "tributary.application-id=" + broker.uniqueTopic("stock-ticker-it"),
                        "tributary.state-dir=" + stateDir)
                .run();
    }

    @AfterAll
    static void stopService() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void passesFirstOccurrenceOfEachSymbolAndTimestampAndDeadLettersMalformedTicks() {
        List<ProducerRecord<String, String>> input = new ArrayList<>();
        for (int i = 0; i < TICKS_PER_SYMBOL; i++) {
            for (String symbol : SYMBOLS) {
                Instant timestamp = START.plusSeconds(i * 7L).plusMillis(symbol.length());
                ProducerRecord<String, String> tick = new ProducerRecord<>(INPUT, symbol, tick(symbol, 100 + i, timestamp));
                input.add(tick);
                if (i % 3 == 0) {
                    input.add(tick);
                }
                if (i % 5 == 0) {
                    // same (symbol, timestamp), different price: still a duplicate
                    input.add(new ProducerRecord<>(INPUT, symbol, tick(symbol, 999, timestamp)));
                }
            }
        }
        input.add(new ProducerRecord<>(INPUT, "AMZN", "{\"symbol\":\"AMZN\",\"price\":"));
        input.add(new ProducerRecord<>(INPUT, "AMZN", "{\"symbol\":\"AMZN\",\"price\":187}"));
        kafka.produceAll(input);

        await("dedup reads all " + input.size() + " input records").atMost(Duration.ofSeconds(60))
                .until(() -> dedupStatus().recordsIn() >= input.size());
        int expected = SYMBOLS.size() * TICKS_PER_SYMBOL;
        await("committed dedup output").atMost(Duration.ofSeconds(60))
                .until(() -> kafka.readToEnd(OUTPUT, Duration.ofSeconds(10)).size() >= expected);

        List<ConsumerRecord<String, String>> output = kafka.readToEnd(OUTPUT, Duration.ofSeconds(10));
        List<String> keys = output.stream().map(record -> symbolAndTimestamp(record.value())).toList();
        assertThat(keys).hasSize(expected).doesNotHaveDuplicates();
        assertThat(output).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(JSON.readTree(record.value()).get("symbol").asString());
            assertThat(JSON.readTree(record.value()).get("price").asInt()).isNotEqualTo(999);
        });

        List<ConsumerRecord<String, String>> deadLetters = kafka.readAllCommitted(DEAD_LETTERS, 2, Duration.ofSeconds(30));
        assertThat(deadLetters).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("{\"symbol\":\"AMZN\",\"price\":", "{\"symbol\":\"AMZN\",\"price\":187}");
        assertThat(deadLetters).allSatisfy(record -> {
            Header reason = record.headers().lastHeader("tributary-dlt-reason");
            assertThat(reason).isNotNull();
            assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
        });
    }

    private static ProcessorStatus dedupStatus() {
        Map<String, ProcessorStatus> status = app.getBean(TributaryLifecycle.class).status();
        assertThat(status).containsKey("dedup");
        assertThat(status.get("dedup").failure()).isNull();
        return status.get("dedup");
    }

    private static String symbolAndTimestamp(String value) {
        JsonNode tick = JSON.readTree(value);
        return tick.get("symbol").asString() + "|" + tick.get("timestamp").asString();
    }

    private static String tick(String symbol, int price, Instant timestamp) {
        return "{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"timestamp\":\"" + timestamp
                + "\",\"company_info\":{\"name\":\"" + symbol + " Inc\",\"employees_count\":1000}}";
    }
}
