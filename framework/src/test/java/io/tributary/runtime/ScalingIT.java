package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acceptance 3: two instances in one group; adding and removing an instance mid-stream keeps results exact. */
@RealKafka
class ScalingIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> KEYS = IntStream.range(0, 20).mapToObj(i -> "key-" + i).toList();
    private static final int ROUNDS = 200;

    @Test
    void countsStayExactWhileInstancesJoinAndLeave(KafkaBroker broker, @TempDir Path stateA, @TempDir Path stateB) {
        String input = broker.createUniqueTopic("scaling-in", 4);
        String output = broker.uniqueTopic("scaling-out");
        String app = broker.uniqueTopic("scaling-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);

        Tributary first = Tributary.create(config(broker, app, "a", stateA), List.of(counting)).start();
        produceRounds(broker, input, 0, 50);
        await().atMost(WAIT).until(() -> first.status().get("counter").recordsIn() >= 50L * KEYS.size());

        // An instance joins while records are being produced.
        CompletableFuture<Void> joining = CompletableFuture.runAsync(() -> produceRounds(broker, input, 50, 100));
        Tributary second = Tributary.create(config(broker, app, "b", stateB), List.of(counting)).start();
        await().atMost(WAIT).until(() -> !second.status().get("counter").assignedPartitions().isEmpty()
                && !first.status().get("counter").assignedPartitions().isEmpty());
        joining.join();
        produceRounds(broker, input, 100, 150);
        await().atMost(WAIT).until(() -> second.status().get("counter").recordsIn() > 0);

        // The first instance leaves while records are being produced.
        CompletableFuture<Void> leaving = CompletableFuture.runAsync(() -> produceRounds(broker, input, 150, ROUNDS));
        first.close();
        leaving.join();
        await().atMost(WAIT).until(() -> second.status().get("counter").assignedPartitions().size() == 4);

        broker.readAllCommitted(output, KEYS.size() * ROUNDS, WAIT);
        second.close();
        assertThat(first.status().get("counter").recordsIn()).isPositive();
        assertThat(second.status().get("counter").recordsIn()).isPositive();
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, ROUNDS);
    }

    private static void produceRounds(KafkaBroker broker, String input, int from, int to) {
        for (int round = from; round < to; round++) {
            List<Map.Entry<String, String>> batch = new ArrayList<>();
            for (String key : KEYS) {
                batch.add(Map.entry(key, "r" + round));
            }
            broker.produceAll(input, batch);
        }
    }

    private static TributaryConfig config(KafkaBroker broker, String app, String instance, Path stateDir) {
        return TributaryConfig.builder(app).instanceId(instance).bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).commitInterval(Duration.ofMillis(100)).build();
    }
}
