package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.ManualClock;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acceptance 1: a counting processor gives exact counts, read {@code read_committed}, across a crash
 * (instance stopped without committing, a new one started) and across a restart with the state directory
 * wiped (full restore from the changelog).
 */
@RealKafka
class ExactlyOnceCountingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> KEYS = IntStream.range(0, 10).mapToObj(i -> "key-" + i).toList();

    @Test
    void countsStayExactAcrossCrashAndStateWipe(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        String input = broker.createUniqueTopic("counting-in", 2);
        String output = broker.uniqueTopic("counting-out");
        String app = broker.uniqueTopic("counting-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);

        // Phase 1: process and commit 100 records per key; the manual clock decides when commits happen.
        ManualClock clock = new ManualClock(Instant.now());
        Tributary first = Tributary.create(config(broker, app, stateDir, clock), List.of(counting)).start();
        produce(broker, input, 100);
        await().atMost(WAIT).until(() -> status(first).recordsIn() >= 1000);
        clock.advance(Duration.ofSeconds(1));
        assertThat(broker.readAllCommitted(output, 1000, WAIT)).hasSize(1000);

        // Phase 2: process 100 more per key but crash before the next commit.
        produce(broker, input, 100);
        await().atMost(WAIT).until(() -> status(first).recordsIn() >= 2000);
        long commitsBeforeCrash = status(first).commits();
        first.kill();
        assertThat(commitsBeforeCrash).isPositive();

        // A new instance with the same identity and state directory redoes exactly the uncommitted work.
        Tributary second = Tributary.create(config(broker, app, stateDir, Instant::now), List.of(counting)).start();
        List<ConsumerRecord<String, String>> afterCrash = broker.readAllCommitted(output, 2000, WAIT);
        await().atMost(WAIT).until(() -> status(second).recordsIn() >= 1000);
        second.close();
        assertThat(status(second).recordsIn()).as("records re-read after the crash").isEqualTo(1000);
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, 200);
        assertThat(afterCrash).hasSizeGreaterThanOrEqualTo(2000);

        // Phase 3: wipe the state directory; the next instance restores everything from the changelog.
        deleteRecursively(stateDir);
        produce(broker, input, 100);
        Tributary third = Tributary.create(config(broker, app, stateDir, Instant::now), List.of(counting)).start();
        broker.readAllCommitted(output, 3000, WAIT);
        await().atMost(WAIT).until(() -> status(third).recordsIn() >= 1000);
        third.close();
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, 300);
    }

    static TributaryConfig config(KafkaBroker broker, String app, Path stateDir, java.time.InstantSource clock) {
        return TributaryConfig.builder(app)
                .instanceId("instance-a")
                .bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir)
                .commitInterval(Duration.ofMillis(100))
                .clock(clock)
                .build();
    }

    static ProcessorStatus status(Tributary tributary) {
        return tributary.status().get("counter");
    }

    static void produce(KafkaBroker broker, String topic, int perKey) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (String key : KEYS) {
                records.add(Map.entry(key, "v" + i));
            }
        }
        broker.produceAll(topic, records);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }
}
