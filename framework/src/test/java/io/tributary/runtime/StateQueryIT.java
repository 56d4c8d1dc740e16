package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.StateQueryResult;
import io.tributary.api.StateQueryResult.Outcome;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/** Read-only state queries on two instances of one group: each answers for its keys and names the owner of the rest. */
@RealKafka
class StateQueryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> KEYS = IntStream.range(0, 12).mapToObj(i -> "key-" + i).toList();
    private static final int ROUNDS = 5;

    @Test
    void answersOwnedKeysAndNamesTheOwnerOfOthers(KafkaBroker broker, @TempDir Path stateA, @TempDir Path stateB) {
        String input = broker.createUniqueTopic("query-in", 4);
        String output = broker.uniqueTopic("query-out");
        String app = broker.uniqueTopic("query-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);

        try (Tributary a = Tributary.create(config(broker, app, "a", stateA), List.of(counting)).start();
                Tributary b = Tributary.create(config(broker, app, "b", stateB), List.of(counting)).start()) {
            await().atMost(WAIT).until(() -> a.status().get("counter").assignedPartitions().size() == 2
                    && b.status().get("counter").assignedPartitions().size() == 2);
            List<Map.Entry<String, String>> records = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (String key : KEYS) {
                    records.add(Map.entry(key, "r" + round));
                }
            }
            broker.produceAll(input, records);
            broker.readAllCommitted(output, KEYS.size() * ROUNDS, WAIT);

            // The store is written just after the transaction that made the outputs visible commits.
            await().atMost(WAIT).untilAsserted(() -> assertEachKeyAnsweredByItsOwner(a, b));
            String unknown = IntStream.range(0, 1000).mapToObj(i -> "never-" + i)
                    .filter(key -> a.status().get("counter").assignedPartitions()
                            .contains(a.queryState("counter", key).partition()))
                    .findFirst().orElseThrow();
            StateQueryResult missing = a.queryState("counter", unknown);
            assertThat(missing.outcome()).isEqualTo(Outcome.NOT_FOUND);
            assertThat(missing.states()).isEmpty();
            assertThatIllegalArgumentException().isThrownBy(() -> a.queryState("no-such-processor", "key-0"))
                    .withMessageContaining("no-such-processor").withMessageContaining("counter");
        }
    }

    private static void assertEachKeyAnsweredByItsOwner(Tributary a, Tributary b) {
        int ownedByA = 0;
        int ownedByB = 0;
        for (String key : KEYS) {
            StateQueryResult fromA = a.queryState("counter", key);
            StateQueryResult fromB = b.queryState("counter", key);
            if (fromA.outcome() == Outcome.FOUND) {
                ownedByA++;
                assertFound(fromA, "a", key);
                assertThat(a.status().get("counter").assignedPartitions()).contains(fromA.partition());
                assertThat(fromB.outcome()).isEqualTo(Outcome.OTHER_INSTANCE);
                assertThat(fromB.ownerInstance()).isEqualTo("a");
                assertThat(fromB.ownerHost()).isNotBlank();
                assertThat(fromB.ownerUrl()).isEqualTo(url("a"));
                assertThat(fromB.states()).isEmpty();
            }
            else {
                ownedByB++;
                assertFound(fromB, "b", key);
                assertThat(fromA.outcome()).isEqualTo(Outcome.OTHER_INSTANCE);
                assertThat(fromA.ownerInstance()).isEqualTo("b");
                assertThat(fromA.ownerUrl()).isEqualTo(url("b"));
                assertThat(fromA.partition()).isEqualTo(fromB.partition());
            }
        }
        assertThat(ownedByA).isPositive();
        assertThat(ownedByB).isPositive();
    }

    private static void assertFound(StateQueryResult result, String instance, String key) {
        assertThat(result.outcome()).as("outcome for %s", key).isEqualTo(Outcome.FOUND);
        assertThat(result.ownerInstance()).isEqualTo(instance);
        assertThat(result.ownerUrl()).as("no URL when this instance answers").isNull();
        assertThat(result.key()).isEqualTo(key);
        assertThat(result.states()).containsOnlyKeys("count");
        assertThat(result.states().get("count").asLong()).as("count of %s", key).isEqualTo(ROUNDS);
    }

    private static String url(String instance) {
        return "http://" + instance + ".query.example:8080";
    }

    private static TributaryConfig config(KafkaBroker broker, String app, String instance, Path stateDir) {
        return TributaryConfig.builder(app).instanceId(instance).advertisedUrl(url(instance))
                .bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).commitInterval(Duration.ofMillis(100)).build();
    }
}
