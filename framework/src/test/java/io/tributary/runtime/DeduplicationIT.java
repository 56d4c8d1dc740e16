package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.tributary.annotation.AnnotatedProcessors;
import io.tributary.annotation.Deduplicate;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.internals.engine.StoredMarkers;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreIterator;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.state.RocksDbSettings;
import io.tributary.testing.ManualClock;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link Deduplicate} bean on a real broker with RocksDB state: duplicates within the scope are dropped and
 * sent to the duplicates topic, keys are forgotten once the watermark passes their scope (and their store entries
 * are really gone), and a crash between commits neither loses nor doubles a first occurrence nor forgets a key.
 */
@RealKafka
class DeduplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SCOPE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final int PARTITIONS = 2;
    private static final String PROCESSOR = "dedup-events";

    /** The bean users write: everything is in the annotation. */
    static class EventDeduplication {

        @Deduplicate(name = PROCESSOR, sources = "${in}", output = "${out}", keyFields = "id",
                timestampField = "ts", scope = "1m", duplicatesTopic = "${dups}")
        void dedup() {
        }
    }

    @Test
    void dropsDuplicatesWithinScopeAndForgetsKeysWhoseScopeEnded(KafkaBroker broker, @TempDir Path stateDir) {
        Topics topics = Topics.create(broker);
        String app = broker.uniqueTopic("dedup-app");

        // 2,000 first occurrences over 2 s of event time, then 200 of them again, within the 1 min scope.
        List<ProducerRecord<String, String>> firsts = events(topics.in, 0, 2000, i -> T0.plusMillis(i));
        List<ProducerRecord<String, String>> repeats = events(topics.in, 0, 200, i -> T0.plusMillis(2000 + i));
        try (Tributary tributary = start(broker, topics, app, stateDir, Instant::now)) {
            broker.produceAll(firsts);
            broker.produceAll(repeats);
            await().atMost(WAIT).until(() -> tributary.status().get(PROCESSOR).recordsIn() >= 2200);
            assertThat(ids(broker.readAllCommitted(topics.dups, 200, WAIT))).hasSize(200);
            assertThat(tributary.status().get(PROCESSOR).duplicatesDropped()).isEqualTo(200);
        }
        StoreSize remembered = StoreSize.of(stateDir.resolve(app));
        assertThat(remembered.markers()).isEqualTo(2000);
        assertThat(remembered.stateEntries()).as("markers packed, a few entries per commit").isLessThan(2000 / 10);
        assertThat(remembered.timers()).as("keep-first's markers expire without timers").isZero();

        // One record per partition 10 min later moves both watermarks past every scope; then 100 old ids return.
        List<ProducerRecord<String, String>> later = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            later.add(new ProducerRecord<>(topics.in, partition, "tick-" + partition,
                    event("tick-" + partition, T0.plus(Duration.ofMinutes(10)))));
        }
        List<ProducerRecord<String, String>> returning = events(topics.in, 0, 100,
                i -> T0.plus(Duration.ofMinutes(10)).plusMillis(1 + i));
        try (Tributary tributary = start(broker, topics, app, stateDir, Instant::now)) {
            broker.produceAll(later);
            // both watermarks moved: the 2,000 markers have expired
            broker.readAllCommitted(topics.out, 2000 + PARTITIONS, WAIT);
            broker.produceAll(returning);
            broker.readAllCommitted(topics.out, 2000 + PARTITIONS + 100, WAIT);
        }
        StoreSize afterScope = StoreSize.of(stateDir.resolve(app));
        assertThat(afterScope.markers()).isEqualTo(PARTITIONS + 100);
        assertThat(afterScope.timers()).isZero();
        assertThat(afterScope.liveBytes()).isLessThan(remembered.liveBytes() / 10);

        Map<String, Long> outputs = countById(broker.readToEnd(topics.out, WAIT));
        assertThat(outputs).hasSize(2000 + PARTITIONS);
        for (int i = 0; i < 2000; i++) {
            assertThat(outputs.get(id(i))).as(id(i)).isEqualTo(i < 100 ? 2L : 1L);
        }
        assertThat(countById(broker.readToEnd(topics.dups, WAIT))).hasSize(200).containsOnlyKeys(
                events(topics.in, 0, 200, i -> T0).stream().map(ProducerRecord::key).toList());
    }

    @Test
    void crashBetweenCommitsLosesNoFirstOccurrenceAndForgetsNoKey(KafkaBroker broker, @TempDir Path stateDir) {
        crashAndRestart(broker, stateDir, stateDir, broker.uniqueTopic("dedup-crash-app"));
    }

    /**
     * As above, but the restarted instance has an empty state directory, so what it remembers comes from the
     * changelog alone, whose records are packed: far fewer than the markers they hold.
     */
    @Test
    void restoreFromThePackedChangelogRecognisesEachRepeatOnce(KafkaBroker broker, @TempDir Path stateDir) {
        String app = broker.uniqueTopic("dedup-restore-app");
        long logged = crashAndRestart(broker, stateDir, stateDir.resolve("restored"), app);
        assertThat(logged).as("marker records in the changelog when it crashed, 1,000 markers committed")
                .isLessThan(1000 / 10);
        assertThat(StoreSize.of(stateDir.resolve("restored").resolve(app)).markers())
                .as("restored, then 1,500 more remembered").isEqualTo(2500);
    }

    /**
     * The changelog carries a marker state's changes packed: 2,000 keys remembered and then forgotten cost a few
     * records per commit, where one record per key remembered and one per key forgotten would be 4,000.
     */
    @Test
    void logsAFewRecordsPerCommitRatherThanTwoPerKey(KafkaBroker broker, @TempDir Path stateDir) {
        Topics topics = Topics.create(broker);
        String app = broker.uniqueTopic("dedup-log-app");
        List<ProducerRecord<String, String>> records = new ArrayList<>(
                events(topics.in, 0, 2000, i -> T0.plusMillis(i)));
        for (int partition = 0; partition < PARTITIONS; partition++) {
            records.add(new ProducerRecord<>(topics.in, partition, "tick-" + partition,
                    event("tick-" + partition, T0.plus(Duration.ofMinutes(10)))));
        }
        long commits;
        try (Tributary tributary = start(broker, topics, app, stateDir, Instant::now)) {
            broker.produceAll(records);
            assertThat(broker.readAllCommitted(topics.out, 2000 + PARTITIONS, WAIT)).hasSize(2000 + PARTITIONS);
            commits = tributary.status().get(PROCESSOR).commits();
        }
        long markerRecords = markerRecords(broker, app);
        assertThat(markerRecords).as("marker records over %d commits", commits).isPositive().isLessThan(2000 / 10);
        assertThat(StoreSize.of(stateDir.resolve(app)).markers()).as("only the ticks remembered").isEqualTo(PARTITIONS);
    }

    /**
     * Commits ids 0-999, processes 1000-1999 and repeats of 0-499 without committing, crashes, restarts on
     * {@code restartDir} and checks that every id is output once and every repeat recognised; returns how many marker
     * records the changelog held at the crash.
     */
    private long crashAndRestart(KafkaBroker broker, Path stateDir, Path restartDir, String app) {
        Topics topics = Topics.create(broker);
        // Committed: ids 0-999.
        ManualClock clock = new ManualClock(Instant.now());
        Tributary first = start(broker, topics, app, stateDir, clock);
        broker.produceAll(events(topics.in, 0, 1000, i -> T0.plusMillis(i)));
        await().atMost(WAIT).until(() -> first.status().get(PROCESSOR).recordsIn() >= 1000);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> first.status().get(PROCESSOR).commits() > 0);
        long committed = first.status().get(PROCESSOR).commits();

        // Processed but never committed (the clock stands still): ids 1000-1999 and repeats of 0-499.
        List<ProducerRecord<String, String>> uncommitted = new ArrayList<>(
                events(topics.in, 1000, 2000, i -> T0.plusMillis(i)));
        uncommitted.addAll(events(topics.in, 0, 500, i -> T0.plusMillis(2000 + i)));
        broker.produceAll(uncommitted);
        await().atMost(WAIT).until(() -> first.status().get(PROCESSOR).recordsIn() >= 2500);
        assertThat(first.status().get(PROCESSOR).commits()).isEqualTo(committed);
        first.kill();
        long logged = markerRecords(broker, app);

        // After the restart: repeats of everything seen before the crash, and ids 2000-2499.
        try (Tributary second = start(broker, topics, app, restartDir, Instant::now)) {
            List<ProducerRecord<String, String>> afterRestart = new ArrayList<>(
                    events(topics.in, 0, 2000, i -> T0.plusMillis(3000 + i)));
            afterRestart.addAll(events(topics.in, 2000, 2500, i -> T0.plusMillis(i)));
            broker.produceAll(afterRestart);
            broker.readAllCommitted(topics.out, 2500, WAIT);
            broker.readAllCommitted(topics.dups, 500 + 2000, WAIT);
        }

        Map<String, Long> outputs = countById(broker.readToEnd(topics.out, WAIT));
        assertThat(outputs).hasSize(2500);
        assertThat(outputs.values()).containsOnly(1L);
        Map<String, Long> duplicates = countById(broker.readToEnd(topics.dups, WAIT));
        assertThat(duplicates).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(duplicates.get(id(i))).as(id(i)).isEqualTo(i < 500 ? 2L : 1L);
        }
        return logged;
    }

    /** The committed changelog records of the marker state (state entries: keys starting 0x01). */
    private static long markerRecords(KafkaBroker broker, String app) {
        return broker.readToEnd(app + "-" + PROCESSOR + "-changelog", WAIT).stream()
                .filter(record -> record.key() != null && record.key().charAt(0) == '\u0001').count();
    }

    private static Tributary start(KafkaBroker broker, Topics topics, String app, Path stateDir,
            InstantSource clock) {
        Map<String, String> placeholders = Map.of("${in}", topics.in, "${out}", topics.out, "${dups}", topics.dups);
        TributaryConfig config = TributaryConfig.builder(app).instanceId("dedup-1")
                .bootstrapServers(broker.bootstrapServers()).stateDir(stateDir).clock(clock).build();
        return Tributary.create(config, AnnotatedProcessors.definitionsOf(new EventDeduplication(),
                value -> placeholders.getOrDefault(value, value))).start();
    }

    private static List<ProducerRecord<String, String>> events(String topic, int from, int to,
            Function<Integer, Instant> time) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new ProducerRecord<>(topic, id(i), event(id(i), time.apply(i))));
        }
        return records;
    }

    private static String id(int i) {
        return "event-" + i;
    }

    private static String event(String id, Instant time) {
        return "{\"id\":\"" + id + "\",\"ts\":\"" + time + "\",\"payload\":\"" + "x".repeat(40) + "\"}";
    }

    private static List<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).toList();
    }

    private static Map<String, Long> countById(List<ConsumerRecord<String, String>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private record Topics(String in, String out, String dups) {

        static Topics create(KafkaBroker broker) {
            return new Topics(broker.createUniqueTopic("dedup-in", PARTITIONS), broker.uniqueTopic("dedup-out"),
                    broker.uniqueTopic("dedup-dups"));
        }
    }

    /**
     * What the processor's stores hold on disk, read by opening them after the runtime closed: the markers live, the
     * state entries holding them (packed), timers, and their bytes.
     */
    private record StoreSize(long markers, long stateEntries, long timers, long liveBytes) {

        static StoreSize of(Path appStateDir) {
            long markers = 0;
            long entries = 0;
            long timers = 0;
            long bytes = 0;
            try (RocksDbStoreProvider provider = new RocksDbStoreProvider(appStateDir, RocksDbSettings.defaults())) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    try (KeyValueStore store = provider.open(PROCESSOR, partition)) {
                        markers += StoredMarkers.liveMarkers(store, "dedup-first-seen", SCOPE);
                        long[] state = scan(store, (byte) 0x01);
                        long[] timer = scan(store, (byte) 0x02);
                        entries += state[0];
                        timers += timer[0];
                        bytes += state[1] + timer[1];
                    }
                }
            }
            return new StoreSize(markers, entries, timers, bytes);
        }

        /** Entries under a one-byte prefix of the store layout (0x01 state, 0x02 timers) and their bytes. */
        private static long[] scan(KeyValueStore store, byte prefix) {
            long count = 0;
            long bytes = 0;
            try (StoreIterator iterator = store.prefixScan(new byte[] {prefix})) {
                while (iterator.next()) {
                    count++;
                    bytes += iterator.key().length + iterator.value().length;
                }
            }
            return new long[] {count, bytes};
        }
    }
}
