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
import io.tributary.samples.stockticker.dashboard.DashboardController;
import io.tributary.samples.stockticker.dashboard.WindowResultsListener;
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
                // an argument, as application.yml's ticker.pipelines outranks the builder's default properties
                .run("--ticker.pipelines=dedup,tumbling,sliding");
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
                .until(() -> kafka.readToEnd(OUTPUT, Duration.ofSeconds(10)).stream()
                        .filter(record -> SYMBOLS.contains(record.key())).count() >= expected);

        List<ConsumerRecord<String, String>> output = kafka.readToEnd(OUTPUT, Duration.ofSeconds(10)).stream()
                .filter(record -> SYMBOLS.contains(record.key())).toList();
        List<String> keys = output.stream().map(record -> symbolAndTimestamp(record.value())).toList();
        assertThat(keys).hasSize(expected).doesNotHaveDuplicates();
        assertThat(output).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(JSON.readTree(record.value()).get("symbol").asString());
            assertThat(JSON.readTree(record.value()).get("price").asInt()).isNotEqualTo(999);
        });

        List<ConsumerRecord<String, String>> deadLetters = kafka.readAllCommitted(DEAD_LETTERS, 2, Duration.ofSeconds(30));
        assertThat(deadLetters).extracting(ConsumerRecord::value)
                .contains("{\"symbol\":\"AMZN\",\"price\":", "{\"symbol\":\"AMZN\",\"price\":187}");
        assertThat(deadLetters).allSatisfy(record -> {
            Header reason = record.headers().lastHeader("tributary-dlt-reason");
            assertThat(reason).isNotNull();
            assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
        });
    }

    /**
     * Hand-worked, by Flink's rules (watermark = highest event time - 3 min - 1 ms; a window [s, e) fires when
     * the watermark reaches e - 1 ms; a record is late when every window it belongs to has fired):
     * ticks at 10:00 (100), 10:04 (130), 10:02 (120), 10:09:59 (110), 10:13:01 (90) fire the tumbling window
     * [10:00, 10:10) with max 130 over 4 ticks (watermark 10:10:00.999). The tick at 10:05 (500) is then late
     * for it and goes to stock_ticker_late unchanged; it still counts in the sliding window [10:05, 10:15),
     * which fires after the tick at 10:20:01 (watermark 10:17:00.999) with max 500 over 3 ticks. The sliding
     * windows [09:55, 10:05) (fired by 10:09:59: 130 over 3) and [10:00, 10:10) (130 over 4) fire too.
     */
    @Test
    void computesTumblingAndSlidingMaximaAndRoutesLateTicks() {
        String symbol = "WNDW";
        List<ProducerRecord<String, String>> ticks = new ArrayList<>();
        String late = tick(symbol, 500, Instant.parse("2026-11-21T10:05:00Z"));
        for (String[] at : new String[][] {{"10:00:00", "100"}, {"10:04:00", "130"}, {"10:02:00", "120"},
                {"10:09:59", "110"}, {"10:13:01", "90"}}) {
            ticks.add(new ProducerRecord<>(INPUT, symbol, tick(symbol, Integer.parseInt(at[1]),
                    Instant.parse("2026-11-21T" + at[0] + "Z"))));
        }
        ticks.add(new ProducerRecord<>(INPUT, symbol, late));
        ticks.add(new ProducerRecord<>(INPUT, symbol, tick(symbol, 95, Instant.parse("2026-11-21T10:20:01Z"))));
        kafka.produceAll(ticks);

        List<String> sliding = awaitWindows("stock_max_price_sliding", symbol, 3);
        List<String> tumbling = awaitWindows("stock_max_price_tumbling", symbol, 1);
        assertThat(tumbling).containsExactly(
                "{\"symbol\":\"WNDW\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\",\"max_price\":130,\"count\":4}");
        assertThat(sliding).containsExactly(
                "{\"symbol\":\"WNDW\",\"window_start\":\"2026-11-21T09:55:00Z\",\"window_end\":\"2026-11-21T10:05:00Z\",\"max_price\":130,\"count\":3}",
                "{\"symbol\":\"WNDW\",\"window_start\":\"2026-11-21T10:00:00Z\",\"window_end\":\"2026-11-21T10:10:00Z\",\"max_price\":130,\"count\":4}",
                "{\"symbol\":\"WNDW\",\"window_start\":\"2026-11-21T10:05:00Z\",\"window_end\":\"2026-11-21T10:15:00Z\",\"max_price\":500,\"count\":3}");
        List<ConsumerRecord<String, String>> lateTicks = new ArrayList<>();
        await("late tick").atMost(Duration.ofSeconds(60)).until(() -> {
            lateTicks.clear();
            kafka.readToEnd("stock_ticker_late", Duration.ofSeconds(10)).stream()
                    .filter(record -> symbol.equals(record.key())).forEach(lateTicks::add);
            return !lateTicks.isEmpty();
        });
        assertThat(lateTicks).hasSize(1);
        assertThat(JSON.readTree(lateTicks.get(0).value())).isEqualTo(JSON.readTree(late));
    }

    @Test
    void servesNoLivePageOutsideDevMode() {
        assertThat(app.getBeanProvider(DashboardController.class).getIfAvailable()).isNull();
        assertThat(app.getBeanProvider(WindowResultsListener.class).getIfAvailable()).isNull();
    }

    private static List<String> awaitWindows(String topic, String symbol, int expected) {
        List<String> values = new ArrayList<>();
        await("windows of " + symbol + " in " + topic).atMost(Duration.ofSeconds(60)).until(() -> {
            values.clear();
            kafka.readToEnd(topic, Duration.ofSeconds(10)).stream().filter(record -> symbol.equals(record.key()))
                    .forEach(record -> values.add(record.value()));
            return values.size() >= expected;
        });
        return values;
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
