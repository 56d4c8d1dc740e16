package io.tributary.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.ManualClock;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import io.tributary.window.Aggregations;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowedAggregation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tumbling-window job crashes mid-window (after a window fired, before that was committed), restarts, and
 * later restarts again with its state directory wiped: every window's final result appears exactly once and
 * equals what an uninterrupted run computes.
 */
@RealKafka
class WindowCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> SYMBOLS = List.of("AMZN", "AAPL", "MSFT", "NVDA");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void finalWindowResultsAreExactAcrossCrashAndStateWipe(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        String input = broker.createUniqueTopic("window-ticks", 2);
        String output = broker.uniqueTopic("window-max");
        String app = broker.uniqueTopic("window-app");
        ProcessorDefinition<String, JsonNode, JsonNode> tumbling = WindowedAggregation.builder("tumbling")
                .source(input).output(output).keyBy("symbol").eventTime("timestamp")
                .window(TumblingWindows.of(Duration.ofMinutes(10))).maxOutOfOrderness(Duration.ofMinutes(3))
                .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                .build();
        int perSymbol = SYMBOLS.size();

        // Mid first window, committed.
        ManualClock clock = new ManualClock(Instant.now());
        Tributary first = Tributary.create(config(broker, app, stateDir, clock), List.of(tumbling)).start();
        produce(broker, input, 0, 400);
        await().atMost(WAIT).until(() -> first.status().get("tumbling").recordsIn() >= 400L * perSymbol);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> first.status().get("tumbling").commits() > 0);

        // The first window fires at 10:13:00 but the crash comes before the commit.
        produce(broker, input, 400, 900);
        await().atMost(WAIT).until(() -> first.status().get("tumbling").recordsIn() >= 900L * perSymbol);
        first.kill();

        Tributary second = Tributary.create(config(broker, app, stateDir, Instant::now), List.of(tumbling)).start();
        broker.readAllCommitted(output, perSymbol, WAIT);
        second.close();

        // State directory wiped: the rest of the second window is added to state restored from the changelog.
        deleteRecursively(stateDir);
        produce(broker, input, 900, 1200);
        produce(broker, input, 1400, 1401);
        Tributary third = Tributary.create(config(broker, app, stateDir, Instant::now), List.of(tumbling)).start();
        broker.readAllCommitted(output, 2 * perSymbol, WAIT);
        third.close();

        Map<String, List<String>> windows = new TreeMap<>();
        for (ConsumerRecord<String, String> record : broker.readToEnd(output, WAIT)) {
            JsonNode result = JSON.readTree(record.value());
            windows.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(result.get("window_start").asString()
                    + " max=" + result.get("max_price").asInt() + " count=" + result.get("count").asInt());
        }
        assertThat(windows.keySet()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
        for (int s = 0; s < SYMBOLS.size(); s++) {
            assertThat(windows.get(SYMBOLS.get(s))).as(SYMBOLS.get(s)).containsExactly(
                    "2026-11-21T10:00:00Z max=" + maxPrice(s, 0, 600) + " count=600",
                    "2026-11-21T10:10:00Z max=" + maxPrice(s, 600, 1200) + " count=600");
        }
    }

    private static int price(int symbol, int second) {
        return 100 + (second * 37 + symbol * 11) % 501;
    }

    private static int maxPrice(int symbol, int fromSecond, int toSecond) {
        int max = Integer.MIN_VALUE;
        for (int second = fromSecond; second < toSecond; second++) {
            max = Math.max(max, price(symbol, second));
        }
        return max;
    }

    private static void produce(KafkaBroker broker, String topic, int fromSecond, int toSecond) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int second = fromSecond; second < toSecond; second++) {
            for (int s = 0; s < SYMBOLS.size(); s++) {
                String symbol = SYMBOLS.get(s);
                records.add(new ProducerRecord<>(topic, symbol, "{\"symbol\":\"" + symbol + "\",\"price\":"
                        + price(s, second) + ",\"timestamp\":\"" + T0.plusSeconds(second) + "\"}"));
            }
        }
        broker.produceAll(records);
    }

    private static TributaryConfig config(KafkaBroker broker, String app, Path stateDir, InstantSource clock) {
        return TributaryConfig.builder(app).instanceId("window-1").bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).clock(clock).build();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }
}
