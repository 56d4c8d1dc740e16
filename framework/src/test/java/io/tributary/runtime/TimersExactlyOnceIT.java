package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.api.KeySelectors;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.serde.Serdes;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import io.tributary.testing.ManualClock;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acceptance 2: event-time and processing-time timers fire exactly once across a crash and restart. */
@RealKafka
class TimersExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<String> KEYS = List.of("a", "b", "c", "d");

    /** Per key: an event-time timer at the end of each 10 s bucket, and one processing-time timer a minute after its first record. */
    static final class BucketTimers implements KeyedProcessFunction<String, String, String> {

        private static final ValueStateDescriptor<Boolean> SEEN = ValueStateDescriptor.of("seen", Boolean.class);

        @Override
        public void processElement(String value, ProcessContext<String, String> context) {
            long time = context.timestamp().toEpochMilli();
            context.timerService().registerEventTimeTimer(Instant.ofEpochMilli(time - Math.floorMod(time, 10_000) + 10_000));
            ValueState<Boolean> seen = context.state(SEEN);
            if (seen.value() == null) {
                seen.update(true);
                context.timerService().registerProcessingTimeTimer(context.currentProcessingTime().plus(Duration.ofMinutes(1)));
            }
        }

        @Override
        public void onTimer(TimerContext<String, String> context) {
            String kind = context.timeDomain() == TimeDomain.EVENT_TIME ? "E" : "P";
            context.emit(kind + (context.timeDomain() == TimeDomain.EVENT_TIME ? "@" + context.timestamp() : ""));
        }
    }

    @Test
    void timersFireOnceEachAcrossACrash(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("timers-in", 2);
        String output = broker.uniqueTopic("timers-out");
        String app = broker.uniqueTopic("timers-app");
        ProcessorDefinition<String, String, String> definition = ProcessorDefinition
                .builder("timers", Serdes.string(), Serdes.string(), Serdes.string())
                .source(input).key(KeySelectors.recordKey()).output(output)
                .function(BucketTimers::new).build();

        ManualClock clock = new ManualClock(Instant.now());
        Tributary first = Tributary.create(config(broker, app, stateDir, clock), List.of(definition)).start();
        produceSeconds(broker, input, 0, 30);
        await().atMost(WAIT).until(() -> first.status().get("timers").recordsIn() >= 30L * KEYS.size());
        clock.advance(Duration.ofSeconds(1));
        // Buckets ending at 10 s and 20 s have fired and committed (watermark 28.999 s).
        assertThat(broker.readAllCommitted(output, 2 * KEYS.size(), WAIT)).hasSize(2 * KEYS.size());

        // Fire the 30 s, 40 s and 50 s timers, then crash before committing them.
        produceSeconds(broker, input, 30, 60);
        await().atMost(WAIT).until(() -> first.status().get("timers").recordsIn() >= 60L * KEYS.size());
        first.kill();

        // Restart two minutes later in processing time: the processing-time timers are due too.
        InstantSource later = InstantSource.offset(InstantSource.system(), Duration.ofMinutes(2));
        Tributary second = Tributary.create(config(broker, app, stateDir, later), List.of(definition)).start();
        broker.readAllCommitted(output, 6 * KEYS.size(), WAIT);
        second.close();

        Map<String, List<String>> firedByKey = new TreeMap<>();
        for (ConsumerRecord<String, String> record : broker.readToEnd(output, WAIT)) {
            firedByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        List<String> expected = List.of("E@2026-11-21T10:00:10Z", "E@2026-11-21T10:00:20Z", "E@2026-11-21T10:00:30Z",
                "E@2026-11-21T10:00:40Z", "E@2026-11-21T10:00:50Z", "P");
        assertThat(firedByKey.keySet()).containsExactlyElementsOf(KEYS);
        firedByKey.forEach((key, fired) -> assertThat(fired).as("timers of %s", key).containsExactlyInAnyOrderElementsOf(expected));
    }

    private static TributaryConfig config(KafkaBroker broker, String app, Path stateDir, InstantSource clock) {
        return TributaryConfig.builder(app).instanceId("timers-1").bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).commitInterval(Duration.ofMillis(100)).clock(clock).build();
    }

    private static void produceSeconds(KafkaBroker broker, String topic, int fromSecond, int toSecond) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int second = fromSecond; second < toSecond; second++) {
            for (String key : KEYS) {
                records.add(new ProducerRecord<>(topic, null, T0.plusSeconds(second).toEpochMilli(), key, "tick"));
            }
        }
        broker.produceAll(records);
    }
}
