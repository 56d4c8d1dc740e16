package io.tributary.internals.dedup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelectors;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.WatermarkStrategy;
import io.tributary.dedup.Deduplication;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import io.tributary.state.ValueState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keep-first deduplication across a task restart on the same store: its markers expire without timers, also once
 * loaded, and a store written when a marker had a logged timer (a marker and a logged timer per key) still works and
 * is cleaned up.
 */
class DeduplicationRestartTest {

    private static final String INPUT = "ticks";
    private static final Duration SCOPE = Duration.ofMinutes(10);

    private final InMemoryStoreProvider stores = new InMemoryStoreProvider();
    private final List<String> outputs = new ArrayList<>();
    private long offset;

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void aRestartedTaskForgetsKeysWhenTheirScopeEndsAlsoAcrossTheNextRestart() {
        ProcessorDefinition<String, JsonNode, JsonNode> dedup = dedup();
        StreamTask<String, JsonNode, JsonNode> first = open(dedup);
        process(first, "AMZN", "10:00");
        process(first, "GOOG", "10:05");
        commit(first);
        long stored = first.store().approximateEntries();
        first.close();

        StreamTask<String, JsonNode, JsonNode> second = open(dedup);
        assertThat(second.timerCount()).as("no timers").isZero();
        process(second, "AMZN", "10:00");
        assertThat(outputs).as("the repeat is recognised after the restart").hasSize(2);

        second.advanceWatermarkTo(at("10:10").toEpochMilli());
        commit(second);
        assertThat(second.store().approximateEntries()).as("AMZN's bucket, its only marker expired, tombstoned")
                .isEqualTo(stored - 1);
        second.close();

        StreamTask<String, JsonNode, JsonNode> third = open(dedup);
        process(third, "GOOG", "10:05");
        assertThat(outputs).as("GOOG still remembered").hasSize(2);
        process(third, "AMZN", "10:00");
        assertThat(outputs).as("AMZN forgotten, also after a restart").hasSize(3);
        third.close();
    }

    @Test
    void aStoreWithLoggedTimersStillRecognisesItsKeysAndCleansThemUp() {
        StreamTask<String, JsonNode, JsonNode> legacy = open(legacy());
        process(legacy, "AMZN", "10:00");
        commit(legacy);
        long stored = legacy.store().approximateEntries();
        legacy.close();

        StreamTask<String, JsonNode, JsonNode> task = open(dedup());
        assertThat(task.timerCount()).as("the logged timer").isEqualTo(1);
        process(task, "AMZN", "10:00");
        assertThat(outputs).as("only the legacy function's output").isEmpty();

        task.advanceWatermarkTo(at("10:10").toEpochMilli());
        commit(task);
        assertThat(task.timerCount()).isZero();
        assertThat(task.store().approximateEntries()).as("marker and logged timer deleted, the pass time written")
                .isEqualTo(stored - 1);
        task.close();
    }

    @Test
    void aMarkerAlreadyBehindTheWatermarkSurvivesARestartUntilTheWatermarkNextMoves() {
        StreamTask<String, JsonNode, JsonNode> first = open(bySymbol());
        process(first, "GOOG", "10:20");
        process(first, "AMZN", "10:00");
        commit(first);
        first.close();

        StreamTask<String, JsonNode, JsonNode> second = open(bySymbol());
        process(second, "AMZN", "10:01");
        assertThat(outputs).as("the late marker restored: a repeat until the watermark moves").hasSize(2);
        second.advanceWatermarkTo(at("10:21").toEpochMilli());
        commit(second);
        second.close();

        StreamTask<String, JsonNode, JsonNode> third = open(bySymbol());
        process(third, "AMZN", "10:02");
        assertThat(outputs).as("forgotten once the watermark moved, also after a restart").hasSize(3);
        third.close();
    }

    @Test
    void aProcessingTimeScopeIsRestoredFromItsPackedMarkers() {
        ProcessorDefinition<String, JsonNode, JsonNode> dedup = Deduplication.builder("dedup").source(INPUT)
                .output("out").keyBy("symbol").scope(SCOPE).scopeInProcessingTime().build();
        StreamTask<String, JsonNode, JsonNode> first = open(dedup);
        process(first, "AMZN", "10:00");
        process(first, "GOOG", "10:00");
        commit(first);
        first.close();

        StreamTask<String, JsonNode, JsonNode> second = open(dedup);
        assertThat(second.timerCount()).as("no timers").isZero();
        process(second, "AMZN", "11:00");
        assertThat(outputs).as("remembered for 10 min of processing time, whatever the event time").hasSize(2);
        second.close();
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> dedup() {
        return Deduplication.builder("dedup").source(INPUT).output("out").keyBy("symbol", "timestamp")
                .eventTime("timestamp").scope(SCOPE).build();
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> bySymbol() {
        return Deduplication.builder("dedup").source(INPUT).output("out").keyBy("symbol")
                .eventTime("timestamp").scope(SCOPE).build();
    }

    /** The marker and logged timer per key that deduplication wrote before it derived its timers. */
    private static ProcessorDefinition<String, JsonNode, JsonNode> legacy() {
        return ProcessorDefinition.json("dedup").source(INPUT).output("out")
                .key(KeySelectors.fields("symbol", "timestamp"))
                .eventTime(EventTimeExtractors.field("timestamp"))
                .watermarks(WatermarkStrategy.boundedOutOfOrderness(Duration.ZERO))
                .function(() -> new KeyedProcessFunction<String, JsonNode, JsonNode>() {
                    private ValueState<Long> firstSeen;

                    @Override
                    public void open(OpenContext context) {
                        firstSeen = context.state(DeduplicationOperator.FIRST_SEEN);
                    }

                    @Override
                    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
                        firstSeen.update(context.timestamp().toEpochMilli());
                        context.timerService().registerEventTimeTimer(context.timestamp().plus(SCOPE));
                    }
                })
                .build();
    }

    private StreamTask<String, JsonNode, JsonNode> open(ProcessorDefinition<String, JsonNode, JsonNode> definition) {
        KeyValueStore store = stores.open("dedup", 0);
        StreamTask<String, JsonNode, JsonNode> task = new StreamTask<>(definition, 0, List.of(INPUT), false, store,
                (topic, partition, key, value, timestamp, headers) -> outputs.add(new String(value, StandardCharsets.UTF_8)),
                () -> Instant.EPOCH, new ProcessorMetrics(), TaskOptions.defaults());
        task.open();
        return task;
    }

    private void process(StreamTask<String, JsonNode, JsonNode> task, String symbol, String time) {
        String json = "{\"symbol\":\"" + symbol + "\",\"timestamp\":\"" + at(time) + "\"}";
        task.process(new ConsumerRecord<>(INPUT, 0, offset++, symbol.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void commit(StreamTask<String, JsonNode, JsonNode> task) {
        StoreBatch batch = task.prepareCommit();
        task.completeCommit(batch, batch.isEmpty() ? -1 : 0);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-21T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }
}
