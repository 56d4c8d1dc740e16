package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A full restore from the changelog reports the records it has left, down to none once the task opens. */
@RealKafka
class RestoreProgressIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int KEYS = 20_000;

    @Test
    void reportsTheChangelogRecordsLeftToRestore(KafkaBroker broker, @TempDir Path stateA, @TempDir Path stateB) {
        String input = broker.createUniqueTopic("restore-in", 1);
        String output = broker.uniqueTopic("restore-out");
        String app = broker.uniqueTopic("restore-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);

        try (Tributary first = Tributary.create(config(broker, app, stateA, Map.of()), List.of(counting)).start()) {
            broker.produceAll(input, IntStream.range(0, KEYS).mapToObj(i -> Map.entry("key-" + i, "v")).toList());
            broker.readAllCommitted(output, KEYS, WAIT);
        }

        // An empty state directory, and one changelog record per restore step, so the restore takes many loop turns.
        TributaryConfig restoring = config(broker, app, stateB, Map.of("consumer.max.poll.records", 1));
        try (Tributary second = Tributary.create(restoring, List.of(counting)).start()) {
            AtomicLong remaining = new AtomicLong();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
                ProcessorStatus status = second.status().get("counter");
                remaining.set(status.restoreRemaining());
                return status.restoring() && status.restoreRemaining() > 0;
            });
            // Every key has one changelog record; the rest of the offsets are transaction markers, one per commit.
            assertThat(remaining.get()).isBetween(1L, 2L * KEYS);

            await().atMost(WAIT).until(() -> second.status().get("counter").assignedPartitions().contains(0));
            ProcessorStatus restored = second.status().get("counter");
            assertThat(restored.restoring()).isFalse();
            assertThat(restored.restoreRemaining()).isZero();
            assertThat(restored.restoredRecords()).isGreaterThanOrEqualTo(KEYS);
        }
    }

    private static TributaryConfig config(KafkaBroker broker, String app, Path stateDir, Map<String, Object> kafka) {
        return TributaryConfig.builder(app).instanceId("restore-1").bootstrapServers(broker.bootstrapServers())
                .kafkaProperties(kafka).stateDir(stateDir).commitInterval(Duration.ofMillis(100)).build();
    }
}
