package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A graceful close commits the work processed since the last commit: outputs, state and offsets together. */
@RealKafka
class GracefulShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> KEYS = List.of("a", "b", "c");

    @Test
    void closeCommitsInFlightWorkSoARestartContinuesExactly(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("graceful-in", 2);
        String output = broker.createUniqueTopic("graceful-out", 2);
        String app = broker.uniqueTopic("graceful-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);
        // An interval far beyond the test (the longest the 5 min transaction timeout allows: half of it), so only
        // the close can commit.
        TributaryConfig config = TributaryConfig.builder(app).instanceId("a").bootstrapServers(broker.bootstrapServers())
                .kafkaProperties(Map.of("producer.transaction.timeout.ms", 300_000))
                .stateDir(stateDir).commitInterval(Duration.ofMinutes(2)).build();

        Tributary first = Tributary.create(config, List.of(counting)).start();
        await().atMost(WAIT).until(() -> first.status().get("counter").assignedPartitions().size() == 2);
        produceRounds(broker, input, 10);
        await().atMost(WAIT).until(() -> first.status().get("counter").recordsIn() == 10L * KEYS.size());
        assertThat(first.status().get("counter").commits()).isZero();
        assertThat(broker.readToEnd(output, WAIT)).as("nothing visible before the close commits").isEmpty();

        first.close(Duration.ofSeconds(30));
        assertThat(first.status().get("counter").commits()).isPositive();
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, 10);

        // Offsets and state were committed with the outputs: a restart neither repeats nor restarts the counts.
        TributaryConfig restarted = TributaryConfig.builder(app).instanceId("a")
                .bootstrapServers(broker.bootstrapServers()).stateDir(stateDir).commitInterval(Duration.ofMillis(100))
                .build();
        try (Tributary second = Tributary.create(restarted, List.of(counting)).start()) {
            produceRounds(broker, input, 1);
            assertThat(broker.readAllCommitted(output, 11 * KEYS.size(), WAIT)).hasSize(11 * KEYS.size());
            second.close(Duration.ofSeconds(30));
            Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, 11);
        }
    }

    private static void produceRounds(KafkaBroker broker, String input, int rounds) {
        List<Map.Entry<String, String>> batch = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String key : KEYS) {
                batch.add(Map.entry(key, "r" + round));
            }
        }
        broker.produceAll(input, batch);
    }
}
