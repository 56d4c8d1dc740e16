package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.ConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Static membership: two instances in one group with a 60 s session timeout. An instance that crashes, or is closed
 * for a rolling restart, and comes back with its instance id and state directory gets its own partitions back well
 * within the session timeout, the other instance is never rebalanced, and the counts stay exact. An instance set to
 * leave on close hands its partitions over at once. Two live instances with one id: the one fenced fails, naming it.
 */
@RealKafka
class StaticMembershipIT {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);
    /** Half the session timeout: a return that waited for the old member's session to expire cannot make it. */
    private static final Duration WELL_WITHIN = SESSION_TIMEOUT.dividedBy(2);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> KEYS = IntStream.range(0, 20).mapToObj(i -> "key-" + i).toList();
    private static final int ROUND = 50;

    @Test
    void aStaticMemberBackFromACrashOrRestartGetsItsPartitionsWithoutRebalancingTheOther(KafkaBroker broker,
            @TempDir Path stateA, @TempDir Path stateB) {
        String input = broker.createUniqueTopic("static-in", 4);
        String output = broker.uniqueTopic("static-out");
        String app = broker.uniqueTopic("static-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);
        Rebalances rebalancesOfA = new Rebalances();

        Tributary a = Tributary.create(config(broker, app, "a", stateA, false).consumerListener(rebalancesOfA).build(),
                List.of(counting)).start();
        Tributary b = start(broker, app, "b", stateB, false, counting);
        await().atMost(WAIT).until(() -> partitions(a).size() == 2 && partitions(b).size() == 2);
        produceRounds(broker, input, 0, 1);
        broker.readAllCommitted(output, KEYS.size() * ROUND, WAIT);
        Set<Integer> ofA = partitions(a);
        Set<Integer> ofB = partitions(b);
        double rebalancesBefore = rebalancesOfA.total();

        // A crash: no final commit, no leave; records for both instances' partitions arrive while b is down.
        b.kill();
        produceRounds(broker, input, 1, 2);
        Back afterCrash = startAgain(broker, app, stateB, counting, ofB, output, 2);

        // A rolling restart: the graceful close commits and stays in the group.
        afterCrash.instance().close();
        produceRounds(broker, input, 2, 3);
        Back afterRestart = startAgain(broker, app, stateB, counting, ofB, output, 3);

        assertThat(rebalancesOfA.total()).as("rebalances of the instance that stayed").isEqualTo(rebalancesBefore);
        assertThat(partitions(a)).isEqualTo(ofA);
        afterRestart.instance().close();
        a.close();
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, 3 * ROUND);
        System.out.printf("static membership: back after a crash in %d ms, after a restart in %d ms%n",
                afterCrash.within().toMillis(), afterRestart.within().toMillis());
    }

    /** A restarted instance, and how long it took to hold its partitions and have its output committed. */
    private record Back(Tributary instance, Duration within) {
    }

    /**
     * Starts instance b again on its state directory; it must hold {@code partitions} again, and the output have the
     * counts of {@code rounds} rounds committed, well within the session timeout.
     */
    private static Back startAgain(KafkaBroker broker, String app, Path stateB,
            ProcessorDefinition<String, String, String> counting, Set<Integer> partitions, String output, int rounds) {
        long started = System.nanoTime();
        Tributary again = start(broker, app, "b", stateB, false, counting);
        await().atMost(WELL_WITHIN).until(() -> partitions(again).equals(partitions));
        assertThat(broker.readAllCommitted(output, rounds * KEYS.size() * ROUND, WELL_WITHIN))
                .hasSizeGreaterThanOrEqualTo(rounds * KEYS.size() * ROUND);
        Duration within = Duration.ofNanos(System.nanoTime() - started);
        assertThat(within).isLessThan(WELL_WITHIN);
        return new Back(again, within);
    }

    @Test
    void aStaticMemberSetToLeaveOnCloseHandsItsPartitionsOverAtOnce(KafkaBroker broker, @TempDir Path stateA,
            @TempDir Path stateB) {
        String input = broker.createUniqueTopic("static-leave-in", 4);
        String output = broker.uniqueTopic("static-leave-out");
        String app = broker.uniqueTopic("static-leave-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input, output);

        Tributary a = start(broker, app, "a", stateA, true, counting);
        Tributary b = start(broker, app, "b", stateB, true, counting);
        await().atMost(WAIT).until(() -> partitions(a).size() == 2 && partitions(b).size() == 2);
        produceRounds(broker, input, 0, 1);
        broker.readAllCommitted(output, KEYS.size() * ROUND, WAIT);

        // A scale-down: b leaves for good; a takes all partitions without waiting for b's session to time out.
        b.close();
        produceRounds(broker, input, 1, 2);
        long closed = System.nanoTime();
        await().atMost(WELL_WITHIN).until(() -> partitions(a).size() == 4);
        assertThat(broker.readAllCommitted(output, 2 * KEYS.size() * ROUND, WELL_WITHIN))
                .hasSizeGreaterThanOrEqualTo(2 * KEYS.size() * ROUND);
        System.out.printf("static membership, leave on close: partitions handed over in %d ms%n",
                Duration.ofNanos(System.nanoTime() - closed).toMillis());
        a.close();
        Outputs.assertExactCounts(broker.readToEnd(output, WAIT), KEYS, 2 * ROUND);
    }

    @Test
    void aSecondLiveInstanceWithTheSameIdFencesTheFirstWhichFailsNamingTheId(KafkaBroker broker, @TempDir Path stateA,
            @TempDir Path stateB) {
        String input = broker.createUniqueTopic("static-twin-in", 2);
        String app = broker.uniqueTopic("static-twin-app");
        ProcessorDefinition<String, String, String> counting = CountingFunction.definition("counter", input,
                broker.uniqueTopic("static-twin-out"));

        Tributary first = start(broker, app, "twin", stateA, false, counting);
        await().atMost(WAIT).until(() -> partitions(first).size() == 2);
        Tributary second = start(broker, app, "twin", stateB, false, counting);
        try {
            await().atMost(WELL_WITHIN).until(() -> first.status().get("counter").failure() != null);
            assertThat(first.status().get("counter").failure())
                    .contains("group.instance.id 'twin-counter-0'", "two live instances share tributary.instance-id 'twin'");
        }
        finally {
            second.close();
            first.close();
        }
    }

    private static Tributary start(KafkaBroker broker, String app, String instance, Path stateDir, boolean leave,
            ProcessorDefinition<String, String, String> counting) {
        return Tributary.create(config(broker, app, instance, stateDir, leave).build(), List.of(counting)).start();
    }

    private static TributaryConfig.Builder config(KafkaBroker broker, String app, String instance, Path stateDir,
            boolean leaveGroupOnClose) {
        return TributaryConfig.builder(app).instanceId(instance).bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).commitInterval(Duration.ofMillis(100))
                .staticMembership(true).leaveGroupOnClose(leaveGroupOnClose)
                .kafkaProperties(Map.of("consumer.session.timeout.ms", (int) SESSION_TIMEOUT.toMillis()));
    }

    private static Set<Integer> partitions(Tributary tributary) {
        return tributary.status().get("counter").assignedPartitions();
    }

    private static void produceRounds(KafkaBroker broker, String input, int from, int to) {
        List<Map.Entry<String, String>> batch = new ArrayList<>();
        for (int round = from * ROUND; round < to * ROUND; round++) {
            for (String key : KEYS) {
                batch.add(Map.entry(key, "r" + round));
            }
        }
        broker.produceAll(input, batch);
    }

    /** The rebalances the group consumers of one runtime took part in, from the consumers' own metric. */
    private static final class Rebalances implements ConsumerFactory.Listener<byte[], byte[]> {

        private final List<Consumer<byte[], byte[]>> consumers = new CopyOnWriteArrayList<>();

        @Override
        public void consumerAdded(String id, Consumer<byte[], byte[]> consumer) {
            if (!id.endsWith("-restore")) {
                consumers.add(consumer);
            }
        }

        double total() {
            double total = 0;
            for (Consumer<byte[], byte[]> consumer : consumers) {
                for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
                    if (metric.getKey().name().equals("rebalance-total")
                            && metric.getKey().group().equals("consumer-coordinator-metrics")) {
                        total += ((Number) metric.getValue().metricValue()).doubleValue();
                    }
                }
            }
            return total;
        }
    }
}
