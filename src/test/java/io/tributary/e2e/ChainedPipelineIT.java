package io.tributary.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.serde.Serdes;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import io.tributary.testing.ManualClock;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two processors chained through a topic, as services are built: a deduplicator feeding a per-symbol
 * counter. The whole instance crashes with uncommitted work in both; after a restart a
 * {@code read_committed} reader of the end of the chain sees every count once.
 */
@RealKafka
class ChainedPipelineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> SYMBOLS = List.of("AMZN", "AAPL", "MSFT", "NVDA");
    private static final ValueStateDescriptor<Boolean> SEEN = ValueStateDescriptor.of("seen", Boolean.class);
    private static final ValueStateDescriptor<Long> COUNT = ValueStateDescriptor.of("count", Serdes.longs());

    @Test
    void chainedProcessorsStayExactAcrossACrash(KafkaBroker broker, @TempDir Path stateDir) {
        String ticks = broker.createUniqueTopic("ticks", 2);
        String unique = broker.uniqueTopic("ticks-unique");
        String counts = broker.uniqueTopic("counts");
        String app = broker.uniqueTopic("chain-app");

        ProcessorDefinition<String, JsonNode, JsonNode> dedup = ProcessorDefinition.json("dedup")
                .source(ticks).key(KeySelectors.fields("symbol", "timestamp"))
                .eventTime(EventTimeExtractors.field("timestamp")).output(unique)
                .function(() -> (value, context) -> {
                    ValueState<Boolean> seen = context.state(SEEN);
                    if (seen.value() == null) {
                        seen.update(true);
                        context.emit(context.currentKey().split("\\|")[0], value, context.timestamp());
                    }
                }).build();
        ProcessorDefinition<String, JsonNode, String> counter = ProcessorDefinition
                .builder("counter", Serdes.string(), Serdes.jsonNode(), Serdes.string())
                .source(unique).key(KeySelectors.recordKey()).output(counts)
                .function(() -> (value, context) -> {
                    ValueState<Long> count = context.state(COUNT);
                    long next = count.value() == null ? 1 : count.value() + 1;
                    count.update(next);
                    context.emit(Long.toString(next));
                }).build();

        ManualClock clock = new ManualClock(Instant.now());
        Tributary first = Tributary.create(config(broker, app, stateDir, clock), List.of(dedup, counter)).start();
        int perSecond = SYMBOLS.size();
        produceTicks(broker, ticks, 0, 50);
        await().atMost(WAIT).until(() -> recordsIn(first, "dedup") >= 50L * perSecond);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> recordsIn(first, "counter") >= 50L * perSecond);
        clock.advance(Duration.ofSeconds(1));
        assertThat(broker.readAllCommitted(counts, 50 * perSecond, WAIT)).hasSize(50 * perSecond);

        // Ticks from the 50th second on arrive twice. The counter is left with uncommitted work from
        // seconds 50-74, the deduplicator with seconds 75-99, when the instance crashes.
        produceTicks(broker, ticks, 50, 75);
        await().atMost(WAIT).until(() -> recordsIn(first, "dedup") >= 100L * perSecond);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> recordsIn(first, "counter") >= 75L * perSecond);
        produceTicks(broker, ticks, 75, 100);
        await().atMost(WAIT).until(() -> recordsIn(first, "dedup") >= 150L * perSecond);
        first.kill();

        Tributary second = Tributary.create(config(broker, app, stateDir, Instant::now), List.of(dedup, counter)).start();
        broker.readAllCommitted(counts, 100 * SYMBOLS.size(), WAIT);
        second.close();

        Map<String, List<Long>> bySymbol = new TreeMap<>();
        for (ConsumerRecord<String, String> record : broker.readToEnd(counts, WAIT)) {
            bySymbol.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Long.parseLong(record.value()));
        }
        List<Long> oneToHundred = java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(bySymbol.keySet()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
        bySymbol.forEach((symbol, seen) -> assertThat(seen).as(symbol).isEqualTo(oneToHundred));
    }

    private static long recordsIn(Tributary tributary, String processor) {
        return tributary.status().get(processor).recordsIn();
    }

    private static TributaryConfig config(KafkaBroker broker, String app, Path stateDir, java.time.InstantSource clock) {
        return TributaryConfig.builder(app).instanceId("chain-1").bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).clock(clock).build();
    }

    /** Ticks second by second; from the 50th second on each tick is sent twice. */
    private static void produceTicks(KafkaBroker broker, String topic, int from, int to) {
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int second = from; second < to; second++) {
            for (String symbol : SYMBOLS) {
                String tick = "{\"symbol\":\"" + symbol + "\",\"price\":" + (100 + second) + ",\"timestamp\":\""
                        + start.plusSeconds(second) + "\"}";
                records.add(Map.entry(symbol, tick));
                if (second >= 50) {
                    records.add(Map.entry(symbol, tick));
                }
            }
        }
        broker.produceAll(topic, records);
    }
}
