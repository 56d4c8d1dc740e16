package io.tributary.e2e.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9's fault-injection suite: the stock-ticker sample's executable jar, one JVM per instance, against a real
 * broker process ({@code src/test/scripts/kafka-broker.sh}), each scenario on a fresh broker while a known tick
 * stream flows. After each, {@link ContractCheck} compares every output topic, read with {@code read_committed}, with
 * the {@link ContractModel} of the input topic: nothing lost, nothing doubled, nothing unexpected, every bad record
 * dead-lettered with its reason, no partition stalled, every instance's health UP. The table goes to standard output
 * and {@code target/fault-injection-report.md}.
 *
 * <p>The short version runs in {@code ./mvnw verify}; {@code -Dfaults.long=true} runs the long one (many more kills,
 * several broker restarts and scaling cycles, a faster feed). {@code -Dfaults.seed} repeats a run's random moments.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    private static final boolean LONG = Boolean.getBoolean("faults.long");
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());
    private static final long RATE = LONG ? 800 : 400;
    private static final Duration STEP = Duration.ofMinutes(LONG ? 4 : 2);
    private static final FaultTable TABLE = new FaultTable();

    private static Path jar;
    private static Path script;
    private static String kafkaClasspath;

    /** Logs and state of the current scenario, kept after the run under {@code target/faults/<scenario>}. */
    private Path dir;

    @BeforeAll
    static void locate() throws Exception {
        jar = Path.of(System.getProperty("faults.stockTickerJar", "../../sample-services/stock-ticker/target/"
                + "stock-ticker-0.1.0-SNAPSHOT-exec.jar")).toAbsolutePath();
        script = Path.of(System.getProperty("faults.scripts", "scripts")).resolve("kafka-broker.sh").toAbsolutePath();
        Path classpathFile = Path.of(System.getProperty("faults.classpathFile", "target/faults/test.classpath"));
        kafkaClasspath = java.nio.file.Files.readString(classpathFile).trim();
        assertThat(jar).as("the sample's executable jar (package the sample first)").exists();
        System.out.println("fault injection: " + (LONG ? "long" : "short") + " run, seed " + SEED);
    }

    @AfterAll
    static void report() throws Exception {
        String table = TABLE.markdown();
        System.out.println("\nFault injection (" + (LONG ? "long" : "short") + " run, seed " + SEED + ")\n" + table);
        TABLE.write(Path.of("target", "fault-injection-report.md"));
    }

    private FaultRun run(String name, String... settings) throws Exception {
        return run(name, FaultRun.WINDOWED, settings);
    }

    private FaultRun run(String name, FaultRun.Pipelines pipelines, String... settings) throws Exception {
        dir = Path.of("target", "faults", name).toAbsolutePath();
        if (java.nio.file.Files.exists(dir)) {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        List<String> all = new ArrayList<>(List.of(settings));
        // -Dfaults.settings="--name=value ...": further settings for every instance of every scenario
        String extra = System.getProperty("faults.settings", "").trim();
        if (!extra.isEmpty()) {
            all.addAll(List.of(extra.split("\\s+")));
        }
        return new FaultRun(dir, script, kafkaClasspath, jar, pipelines, all);
    }

    /** Scenario 1: SIGKILL an instance at random moments, many times, restarting it at once with the same id. */
    @Test
    @org.junit.jupiter.api.Order(1)
    void sigkillAtRandomMoments() throws Exception {
        assertClean(sigkills("sigkill", LONG ? 20 : 3, LONG ? 2 : 1));
    }

    /**
     * The control ({@code -Dfaults.control=true}, not in the default run): the SIGKILL scenario at-least-once
     * doubles results, and the checker must see it; if it did not, the checker would be too weak to trust scenario
     * 1's exactly-once verdict.
     */
    @Test
    @org.junit.jupiter.api.Order(6)
    @EnabledIfSystemProperty(named = "faults.control", matches = "true")
    void atLeastOnceUnderSigkillIsCaughtDoublingResults() throws Exception {
        Checked checked = sigkills("sigkill-at-least-once", 3, 1, "--tributary.processing-guarantee=at-least-once");
        assertThat(checked.outcome().duplicated()).as("results doubled at-least-once, caught by the checker")
                .isPositive();
    }

    /**
     * Static membership ({@code -Dfaults.staticMembership=true}, not in the default run): the SIGKILL scenario with
     * Kafka's default 45 s session timeout, first with dynamic members, whose restarted consumer waits for the killed
     * one's session to expire before the group rebalances, then with static ones, which get their partitions back at
     * once; both exactly once, the static run's recovery shorter.
     */
    @Test
    @org.junit.jupiter.api.Order(7)
    @EnabledIfSystemProperty(named = "faults.staticMembership", matches = "true")
    void sigkillWithTheDefaultSessionTimeoutRecoversSoonerWithStaticMembership() throws Exception {
        String defaultTimeout = FaultRun.SESSION_TIMEOUT + "45000";
        Checked dynamic = sigkills("sigkill-dynamic-45s", ", dynamic members, 45 s session", 3, 1, defaultTimeout);
        Checked statics = sigkills("sigkill-static-45s", ", static members, 45 s session", 3, 1, defaultTimeout,
                "--tributary.static-membership.enabled=true");
        assertClean(dynamic);
        assertClean(statics);
        assertThat(statics.recovery()).isLessThan(dynamic.recovery());
    }

    private Checked sigkills(String name, int kills, int instanceCount, String... settings) throws Exception {
        String guarantee = settings.length == 0 ? ""
                : ", " + String.join(" ", settings).replace("--tributary.processing-guarantee=", "");
        return sigkills(name, guarantee, kills, instanceCount, settings);
    }

    private Checked sigkills(String name, String label, int kills, int instanceCount, String... settings)
            throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        try (FaultRun run = run(name, settings)) {
            for (int i = 0; i < instanceCount; i++) {
                run.start("ticker-" + i);
            }
            run.feed(SEED, RATE);
            run.awaitHealthy(STEP);
            run.awaitProgress(200, STEP);
            Duration recovery = Duration.ZERO;
            for (int k = 0; k < kills; k++) {
                // a random moment: after a random amount of committed progress, or (one in four) right away,
                // while the last restarted instance may still be restoring
                if (random.nextInt(4) != 0) {
                    run.awaitProgress(1 + random.nextInt(600), STEP);
                }
                TickerInstance victim = run.instances.get("ticker-" + random.nextInt(instanceCount));
                long killed = System.nanoTime();
                victim.kill();
                Map<Integer, Long> end = run.committedEnd();
                victim.restart();
                recovery = max(recovery, run.awaitResultsAfter(end, killed, STEP));
            }
            return check(run, "SIGKILL " + instanceCount + " instance(s) x" + kills + label, kills, recovery,
                    List.of());
        }
    }

    /** Scenario 2: one instance, then three (the partitions spread over them), then one again. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void scaleOutAndIn() throws Exception {
        int cycles = LONG ? 3 : 1;
        try (FaultRun run = run("scale")) {
            run.start("ticker-0");
            run.feed(SEED + 1, RATE);
            run.awaitHealthy(STEP);
            run.awaitProgress(300, STEP);
            Duration recovery = Duration.ZERO;
            for (int c = 0; c < cycles; c++) {
                long started = System.nanoTime();
                run.start("ticker-1");
                run.start("ticker-2");
                run.awaitHealthy(STEP);
                recovery = max(recovery, run.awaitResultsAfter(run.committedEnd(), started, STEP));
                run.awaitProgress(300, STEP);
                started = System.nanoTime();
                run.instances.remove("ticker-1").stop();
                run.instances.remove("ticker-2").stop();
                recovery = max(recovery, run.awaitResultsAfter(run.committedEnd(), started, STEP));
                run.awaitProgress(300, STEP);
            }
            assertClean(check(run, "scale 1 -> 3 -> 1 x" + cycles, 2 * cycles, recovery, List.of()));
        }
    }

    /** Scenario 3: SIGKILL the broker and start it again on its data while the instance and the feed keep going. */
    @Test
    @org.junit.jupiter.api.Order(3)
    void brokerRestart() throws Exception {
        int restarts = LONG ? 3 : 1;
        try (FaultRun run = run("broker-restart")) {
            run.start("ticker-0");
            run.feed(SEED + 2, RATE);
            run.awaitHealthy(STEP);
            Duration recovery = Duration.ZERO;
            for (int r = 0; r < restarts; r++) {
                run.awaitProgress(500, STEP);
                Map<Integer, Long> end = run.committedEnd();
                long killed = System.nanoTime();
                run.broker.kill();
                run.broker.restart();
                run.broker.awaitUp();
                recovery = max(recovery, run.awaitResultsAfter(end, killed, STEP));
            }
            assertClean(check(run, "broker SIGKILL + restart x" + restarts, restarts, recovery, List.of()));
        }
    }

    /**
     * Scenario 4: the enrich pipeline while its company API turns slow (answers in 1.5 s, near the 2 s time-out), fails
     * half its requests with 503, then refuses connections, each for a stretch of the feed, and is healthy again. The
     * cache is off, so every tick is a call.
     */
    @Test
    @org.junit.jupiter.api.Order(4)
    void companyApiSlowFailingUnreachable() throws Exception {
        int cycles = LONG ? 3 : 1;
        long stretch = RATE * (LONG ? 20 : 12);
        try (CompanyApi api = new CompanyApi(); FaultRun run = run("company-api", FaultRun.ENRICH,
                "--ticker.company-api.base-url=" + api.baseUrl(), "--ticker.company-api.cache-ttl=")) {
            run.start("ticker-0");
            TickFeed feed = run.feed(SEED + 3, RATE);
            run.awaitHealthy(STEP);
            Duration recovery = Duration.ZERO;
            for (int c = 0; c < cycles; c++) {
                run.awaitProgress(300, STEP);
                api.slow(Duration.ofMillis(1500));
                awaitSent(feed, stretch);
                api.slow(Duration.ZERO);
                api.failing(0.5);
                awaitSent(feed, stretch);
                api.unreachable();
                awaitSent(feed, stretch);
                long healthy = System.nanoTime();
                Map<Integer, Long> end = run.committedEnd();
                api.healthy();
                recovery = max(recovery, run.awaitResultsAfter(end, healthy, STEP));
            }
            run.awaitProgress(300, STEP);
            Checked checked = checkEnrich(run, cycles, recovery);
            System.out.println("company API: " + api.counts());
            assertClean(checked);
        }
    }

    /** Waits while the feed sends {@code records} more (the length of a fault). */
    private static void awaitSent(TickFeed feed, long records) {
        long target = feed.sent() + records;
        await("the feed sending " + records + " more records").atMost(STEP).pollInterval(Duration.ofMillis(100))
                .until(() -> feed.sent() >= target);
    }

    /** As {@link #check}, for the enrich pipeline; the row tells how many ticks the API's faults dead-lettered. */
    private Checked checkEnrich(FaultRun run, int cycles, Duration recovery) throws Exception {
        run.feed.stop(List.of());
        List<ConsumerRecord<byte[], byte[]>> input;
        try (TopicReader reader = new TopicReader(run.broker.bootstrapServers(), List.of(ContractCheck.INPUT))) {
            input = reader.drain().records(ContractCheck.INPUT);
        }
        String name = "company API slow, 5xx, unreachable x" + cycles;
        AtomicReference<EnrichCheck.Result> result = new AtomicReference<>();
        try (TopicReader output = new TopicReader(run.broker.bootstrapServers(), EnrichCheck.OUTPUTS)) {
            awaitOrReport(name, () -> await(name + ": outputs match the contract")
                    .atMost(Duration.ofMinutes(LONG ? 5 : 2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        result.set(EnrichCheck.compare(input, output.drain()));
                        return result.get().outcome().exact();
                    }));
            awaitOrReport(name, () -> await(name + ": no partition stalled").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> run.stalledPartitions().isEmpty()));
            awaitOrReport(name, () -> run.awaitHealthy(Duration.ofMinutes(1)));
            result.set(EnrichCheck.compare(input, output.drain()));
        }
        List<String> stalled = run.stalledPartitions();
        String health = String.join(",", run.instances.values().stream().map(TickerInstance::health).distinct()
                .toList());
        EnrichCheck.Result found = result.get();
        String scenario = name + " (" + found.enriched() + " enriched, " + found.failed() + " to enrich DLT)";
        TABLE.add(new FaultTable.Row(scenario, found.outcome(), 3 * cycles, recovery, stalled, health));
        found.outcome().problems().forEach(problem -> System.out.println(scenario + ": " + problem));
        // the faults were felt, and the healthy API enriched: else the scenario tested nothing
        assertThat(found.failed()).as(scenario + ": ticks the failing API dead-lettered").isPositive();
        assertThat(found.enriched()).as(scenario + ": ticks enriched").isPositive();
        return new Checked(scenario, found.outcome(), stalled, health, recovery);
    }

    /** Scenario 5: poison input between good ticks, and a tick from the far future last. */
    @Test
    @org.junit.jupiter.api.Order(5)
    void poisonInput() throws Exception {
        int rounds = LONG ? 5 : 2;
        try (FaultRun run = run("poison")) {
            run.start("ticker-0");
            TickFeed feed = run.feed(SEED + 4, RATE);
            run.awaitHealthy(STEP);
            Duration recovery = Duration.ZERO;
            for (int r = 0; r < rounds; r++) {
                run.awaitProgress(300, STEP);
                long injected = System.nanoTime();
                feed.inject(PoisonRecords.batch(feed.eventTime(), r));
                recovery = max(recovery, run.awaitResultsAfter(run.committedEnd(), injected, STEP));
                run.awaitProgress(300, STEP);
            }
            assertClean(check(run, "poison input x" + rounds, rounds, recovery, List.of(PoisonRecords.farFuture())));
        }
    }

    /** What {@link #check} found after a scenario. */
    record Checked(String scenario, ContractCheck.Outcome outcome, List<String> stalled, String health,
            Duration recovery) {
    }

    /**
     * Stops the feed, waits (with deadlines) until the outputs match the model, no partition is stalled and every
     * instance is UP, each wait on its own so that one failing leaves the others measured, and records the row.
     */
    private Checked check(FaultRun run, String scenario, int faults, Duration recovery,
            List<ProducerRecord<byte[], byte[]>> last) throws Exception {
        run.feed.stop(last);
        ContractModel model;
        try (TopicReader input = new TopicReader(run.broker.bootstrapServers(), List.of(ContractCheck.INPUT))) {
            model = ContractModel.of(input.drain().records(ContractCheck.INPUT));
        }
        AtomicReference<ContractCheck.Outcome> outcome = new AtomicReference<>();
        try (TopicReader output = new TopicReader(run.broker.bootstrapServers(), ContractCheck.OUTPUTS)) {
            awaitOrReport(scenario, () -> await(scenario + ": outputs match the contract")
                    .atMost(Duration.ofMinutes(LONG ? 5 : 2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        outcome.set(ContractCheck.compare(model, output.drain()));
                        // all there (a run that doubles results gets no further than this)
                        return outcome.get().exact() || outcome.get().lost() == 0
                                && outcome.get().deadLettered() >= outcome.get().deadLetteredExpected()
                                && outcome.get().duplicated() > 0;
                    }));
            awaitOrReport(scenario, () -> await(scenario + ": no partition stalled").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> run.stalledPartitions().isEmpty()));
            awaitOrReport(scenario, () -> run.awaitHealthy(Duration.ofMinutes(1)));
            // read once more: whatever was still to come after the match is counted too
            outcome.set(ContractCheck.compare(model, output.drain()));
        }
        List<String> stalled = run.stalledPartitions();
        String health = String.join(",", run.instances.values().stream().map(TickerInstance::health).distinct()
                .toList());
        ContractCheck.Outcome result = outcome.get();
        TABLE.add(new FaultTable.Row(scenario, result, faults, recovery, stalled, health));
        result.problems().forEach(problem -> System.out.println(scenario + ": " + problem));
        return new Checked(scenario, result, stalled, health, recovery);
    }

    private static void awaitOrReport(String scenario, Runnable wait) {
        try {
            wait.run();
        }
        catch (org.awaitility.core.ConditionTimeoutException ex) {
            System.out.println(scenario + ": " + ex.getMessage());
        }
    }

    /** Nothing lost, doubled or unexpected, every bad record dead-lettered with its reason, no stall, all UP. */
    private void assertClean(Checked checked) {
        String scenario = checked.scenario();
        ContractCheck.Outcome result = checked.outcome();
        assertThat(result.problems()).as(scenario + " (logs under " + dir + ")").isEmpty();
        assertThat(result.lost() + result.duplicated() + result.unexpected()).as(scenario + " lost, doubled, unexpected")
                .isZero();
        assertThat(result.deadLettered()).as(scenario + " dead letters").isEqualTo(result.deadLetteredExpected());
        assertThat(result.expected()).as(scenario + " expected results").isPositive();
        assertThat(checked.stalled()).as(scenario + " stalled partitions").isEmpty();
        assertThat(checked.health()).as(scenario + " health").isEqualTo("UP");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

}
