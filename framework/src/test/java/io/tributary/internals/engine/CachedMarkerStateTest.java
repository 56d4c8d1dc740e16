package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.serde.Serdes;
import io.tributary.state.RocksDbSettings;
import io.tributary.state.TimeDomain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact marker state on a real RocksDB store: its changes logged packed by bucket of expiry, loaded back as the
 * same markers, buckets tombstoned when emptied, and per-key entries of a plain value state still read and migrated;
 * markers expiring at timer passes, swept from the table and left out when loaded. Markers expire 10 s after their
 * value, in buckets of 1 s.
 */
class CachedMarkerStateTest {

    private static final long SCOPE = 10_000;
    private static final String NAME = "first-seen";
    private static final byte[] PREFIX = StoreKeys.statePrefix(NAME);

    @TempDir
    Path stateDir;
    private RocksDbStoreProvider stores;
    private CountingStore store;
    private final KeyContext keyContext = new KeyContext();
    private final TaskClock clock = new StoppedClock();

    @BeforeEach
    void open() {
        stores = new RocksDbStoreProvider(stateDir, RocksDbSettings.defaults());
        store = new CountingStore(stores.open("markers", 0));
    }

    @AfterEach
    void close() {
        store.close();
        stores.close();
    }

    @Test
    void aBusyCommitKeepsItsWriterForTheNextAndAQuietOneGivesItsBufferBack() {
        CachedMarkerState markers = markers();
        int empty = markers.writerCapacity();
        for (int i = 0; i < 1000; i++) {
            key("k" + i);
            markers.update(i < 600 ? 1_000L + i : 2_000L + i);
        }
        commit(markers);
        int grown = markers.writerCapacity();
        assertThat(grown).as("kept with the buffer it grew").isGreaterThan(10_000);
        for (int i = 0; i < 1000; i++) {
            key("j" + i);
            markers.update(i < 600 ? 1_000L + i : 2_000L + i);
        }
        commit(markers);
        assertThat(markers.writerCapacity()).as("as much again, in the buffer kept").isEqualTo(grown);

        commit(markers);

        assertThat(markers.writerCapacity()).as("nothing changed since the last commit").isEqualTo(empty);
        assertThat(load(markers)).hasSize(2000).containsEntry("j999", 2_999L);
    }

    @Test
    void findsTheCurrentKeyWhenAnotherIsSetInTheArrayOfTheLast() {
        CachedMarkerState markers = markers();
        // as a caller reusing one array for keys of a length would
        byte[] buffer = bytes("k1");
        keyContext.setBytes(buffer, b -> new String(b, StandardCharsets.UTF_8));
        markers.update(1L);
        buffer[1] = '2';
        keyContext.setBytes(buffer, b -> new String(b, StandardCharsets.UTF_8));
        assertThat(markers.isSet()).as("k2, in the array k1 was in").isFalse();
        markers.update(2L);

        key("k2");
        assertThat(markers.value()).isEqualTo(2L);
        key("k1");
        assertThat(markers.value()).isEqualTo(1L);
    }

    @Test
    void aKeySetAfterAnotherWasFoundAbsentGoesWhereItsOwnProbeEnds() {
        CachedMarkerState markers = markers();
        for (int i = 0; i < 200; i++) {
            key("read-" + i);
            assertThat(markers.isSet()).isFalse();
            key("set-" + i);
            markers.set(i);
        }
        for (int i = 0; i < 200; i++) {
            key("set-" + i);
            assertThat(markers.value()).as("set-%d", i).isEqualTo(i);
            key("read-" + i);
            assertThat(markers.isSet()).as("read-%d", i).isFalse();
        }
    }

    @Test
    void aKeyFoundAbsentIsSetWhereItBelongsAfterACommitMovedTheTableBetween() {
        CachedMarkerState markers = markers();
        Map<String, Long> expected = new TreeMap<>();
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 50; i++) {
                key("gone-" + round + "-" + i);
                markers.set(round);
            }
            commit(markers);
            for (int i = 0; i < 50; i++) {
                key("gone-" + round + "-" + i);
                markers.clear();
            }
            key("kept-" + round);
            assertThat(markers.isSet()).isFalse();
            // removes the cleared markers, moving entries back over where the probe ended, and shrinks the table
            commit(markers);
            markers.set(round);
            expected.put("kept-" + round, (long) round);
        }
        for (int round = 0; round < 100; round++) {
            key("kept-" + round);
            assertThat(markers.value()).as("kept-%d", round).isEqualTo(round);
        }
        commit(markers);
        assertThat(load(markers())).isEqualTo(expected);
    }

    @Test
    void manyMarkersOfOneCommitAreOneEntryPerBucketAndLoadBack() {
        CachedMarkerState markers = markers();
        for (int i = 0; i < 1000; i++) {
            key("k" + i);
            markers.update(i < 600 ? 1_000L + i : 2_000L + i);
        }
        StoreBatch batch = commit(markers);

        assertThat(batch.size()).as("buckets 11 and 12 (expiries 11,000-11,599 and 12,600-12,999)").isEqualTo(2);
        Map<String, Long> loaded = load(markers());
        assertThat(loaded).hasSize(1000).containsEntry("k0", 1_000L).containsEntry("k999", 2_999L);
    }

    @Test
    void aBucketWhoseMarkersAllGoIsTombstonedWithoutWritingTheirDeletes() {
        CachedMarkerState markers = markers();
        for (int commit = 0; commit < 3; commit++) {
            for (int i = 0; i < 10; i++) {
                key("c" + commit + "-" + i);
                markers.update(1_000L + commit * 100 + i);
            }
            commit(markers);
        }
        assertThat(packedEntries()).hasSize(3);

        for (int commit = 0; commit < 3; commit++) {
            for (int i = 0; i < 10; i++) {
                key("c" + commit + "-" + i);
                markers.update(null);
            }
        }
        StoreBatch forget = commit(markers);

        assertThat(forget.size()).as("one tombstone per entry of the bucket").isEqualTo(3);
        for (int i = 0; i < forget.size(); i++) {
            assertThat(forget.value(i)).isNull();
        }
        assertThat(packedEntries()).isEmpty();
        assertThat(markers.bucketCount()).isZero();
        assertThat(load(markers())).isEmpty();
    }

    @Test
    void aMarkerLeavingABucketThatKeepsOthersIsDeletedInThatBucketsEntry() {
        CachedMarkerState markers = markers();
        key("AMZN");
        markers.update(1_000L);
        key("GOOG");
        markers.update(1_500L);
        commit(markers);

        key("AMZN");
        markers.update(null);
        StoreBatch batch = commit(markers);

        assertThat(batch.size()).as("a packed delete, no tombstone: GOOG stays").isEqualTo(1);
        assertThat(batch.value(0)).isNotNull();
        assertThat(load(markers())).containsExactly(Map.entry("GOOG", 1_500L));
    }

    @Test
    void aKeyClearedAndSetAgainEndsInItsNewBucketWhicheverSortsFirst() {
        CachedMarkerState markers = markers();
        key("AMZN");
        markers.update(5_000L);
        key("KEEP");
        markers.update(5_100L);
        commit(markers);

        // a late first occurrence after the scope ended: the new bucket sorts before the old one
        key("AMZN");
        markers.update(null);
        markers.update(2_000L);
        commit(markers);
        assertThat(load(markers())).containsEntry("AMZN", 2_000L).containsEntry("KEEP", 5_100L).hasSize(2);

        // and forward again, across two commits
        CachedMarkerState reloaded = markers();
        load(reloaded);
        key("AMZN");
        reloaded.update(null);
        commit(reloaded);
        assertThat(load(markers())).containsOnlyKeys("KEEP");
        key("AMZN");
        reloaded.update(9_000L);
        commit(reloaded);
        assertThat(load(markers())).containsEntry("AMZN", 9_000L).hasSize(2);
    }

    @Test
    void aMarkerWrittenAndClearedBetweenTwoCommitsWritesNothing() {
        CachedMarkerState markers = markers();
        key("AMZN");
        markers.update(10L);
        markers.update(null);
        key("GOOG");
        markers.update(20L);
        StoreBatch batch = commit(markers);
        assertThat(batch.size()).as("GOOG's bucket only").isEqualTo(1);

        key("GOOG");
        markers.update(null);
        assertThat(markers.value()).isNull();
        StoreBatch delete = commit(markers);
        assertThat(delete.size()).isEqualTo(1);
        assertThat(delete.value(0)).as("a tombstone for the bucket's entry").isNull();
        assertThat(markers.dirtyCount()).isZero();
    }

    @Test
    void aMarkerReadsAbsentFromThePassThatReachesItsTimeAndIsNotLoadedBack() {
        CachedMarkerState markers = markers();
        key("AMZN");
        markers.set(1_000L);
        key("GOOG");
        markers.set(5_000L);
        commit(markers);

        markers.expireThrough(10_999);
        key("AMZN");
        assertThat(markers.isSet()).as("a millisecond before its time").isTrue();
        markers.expireThrough(11_000);
        assertThat(markers.isSet()).isFalse();
        assertThat(markers.value()).isNull();
        assertThat(markers.readCommitted(bytes("AMZN"))).as("live at the last commit").isEqualTo(1_000L);
        key("GOOG");
        assertThat(markers.value()).isEqualTo(5_000L);
        commit(markers);

        assertThat(markers.readCommitted(bytes("AMZN"))).isNull();
        assertThat(load(markers())).containsExactly(Map.entry("GOOG", 5_000L));
    }

    @Test
    void aMarkerSetBehindThePassLivesUntilTheNextOneThroughACrashAndThenGoes() {
        CachedMarkerState markers = markers();
        markers.expireThrough(20_000);
        key("LATE");
        markers.set(5_000L);
        markers.expireThrough(20_000);
        assertThat(markers.isSet()).as("no pass since it was set").isTrue();
        commit(markers);
        assertThat(perKeyEntries()).containsExactly("LATE");

        CachedMarkerState reloaded = markers();
        assertThat(load(reloaded)).containsExactly(Map.entry("LATE", 5_000L));
        key("LATE");
        assertThat(reloaded.isSet()).isTrue();
        reloaded.expireThrough(20_001);
        assertThat(reloaded.isSet()).isFalse();
        commit(reloaded);

        assertThat(perKeyEntries()).isEmpty();
        assertThat(load(markers())).isEmpty();
    }

    @Test
    void expiredMarkersLeaveTheTableOnceAWholeBucketHasPassedAndTheirBucketGoesAsTombstones() {
        CachedMarkerState markers = markers();
        for (int i = 0; i < 1000; i++) {
            key("k" + i);
            markers.set(i < 600 ? 1_000L + i : 2_000L + i);
        }
        commit(markers);
        assertThat(packedEntries()).as("buckets 11 and 12").hasSize(2);

        markers.expireThrough(11_299);
        StoreBatch first = commit(markers);
        assertThat(markers.tableSize()).as("the first pass sweeps what it expired").isEqualTo(700);
        assertThat(first.size()).as("only the pass time").isEqualTo(1);

        markers.expireThrough(11_500);
        StoreBatch partial = commit(markers);
        assertThat(markers.tableSize()).as("bucket 11 has not passed whole: no sweep").isEqualTo(700);
        assertThat(partial.size()).isEqualTo(1);
        key("k500");
        assertThat(markers.isSet()).as("expired, if not swept").isFalse();
        key("k501");
        assertThat(markers.isSet()).isTrue();
        assertThat(load(markers())).as("k0 to k500 left out when loaded").hasSize(499);

        markers.expireThrough(11_999);
        StoreBatch whole = commit(markers);
        assertThat(markers.tableSize()).isEqualTo(400);
        assertThat(whole.size()).as("bucket 11's entry tombstoned, and the pass time").isEqualTo(2);
        assertThat(packedEntries()).hasSize(1);
        assertThat(load(markers())).hasSize(400).containsEntry("k999", 2_999L);
    }

    @Test
    void aPerKeyMarkerOfAnOlderStoreExpiresForGoodThroughARestart() {
        StoreBatch perKey = new StoreBatch();
        perKey.put(StoreKeys.stateKey(PREFIX, bytes("K")), Serdes.longs().serialize(5_500L));
        store.write(perKey);
        CachedMarkerState markers = markers();
        assertThat(load(markers)).containsOnlyKeys("K");
        markers.expireThrough(15_000);
        commit(markers);
        markers.expireThrough(15_600);
        key("K");
        assertThat(markers.isSet()).isFalse();
        commit(markers);

        assertThat(load(markers())).as("not taken for a marker set behind the pass").isEmpty();
    }

    @Test
    void aPassTimeOfTheOtherDomainIsNotTaken() {
        CachedMarkerState processing = new CachedMarkerState(NAME, Serdes.longs(), value -> value + SCOPE, 1_000,
                CachedMarkerState.CHUNK_BYTES, TimeDomain.PROCESSING_TIME, keyContext, clock, store);
        load(processing);
        key("K");
        processing.set(1_000L);
        processing.expireThrough(10_999);
        commit(processing);
        // K expires, still stored: bucket 11 has not passed whole
        processing.expireThrough(11_500);
        commit(processing);

        assertThat(load(markers())).as("in event time, where no pass has been").containsOnlyKeys("K");
        assertThat(load(new CachedMarkerState(NAME, Serdes.longs(), value -> value + SCOPE, 1_000,
                CachedMarkerState.CHUNK_BYTES, TimeDomain.PROCESSING_TIME, keyContext, clock, store))).isEmpty();
    }

    /**
     * Random sets, clears, passes, commits and crashes against a model of timers at each marker's time: after every
     * crash the markers loaded are the committed ones, and in between reads and readCommitted agree with the model.
     */
    @Test
    void expiresExactlyAsATimerPerMarkerWouldThroughRandomPassesAndCrashes() {
        assertThat(randomPassesAndCrashes(11, false)).as("bounded by the live buckets").isLessThan(40);
    }

    /** The same, starting from a store written one entry per key (as before packing). */
    @Test
    void expiresExactlyThroughRandomPassesAndCrashesFromAStoreOfPerKeyEntries() {
        randomPassesAndCrashes(12, true);
    }

    /** Runs the random steps of the two tests above; the bucket count at the end. */
    private int randomPassesAndCrashes(long seed, boolean legacy) {
        Random random = new Random(seed);
        Map<String, Long> current = new TreeMap<>();
        Set<String> setBehind = new HashSet<>();
        long through = Long.MIN_VALUE;
        if (legacy) {
            StoreBatch perKey = new StoreBatch();
            for (int k = 0; k < 60; k++) {
                long value = random.nextInt(14_000) - 4_000;
                perKey.put(StoreKeys.stateKey(PREFIX, bytes("key-" + k)), Serdes.longs().serialize(value));
                current.put("key-" + k, value);
            }
            store.write(perKey);
        }
        Map<String, Long> committed = new TreeMap<>(current);
        Set<String> committedBehind = new HashSet<>();
        long committedThrough = through;
        CachedMarkerState markers = new CachedMarkerState(NAME, Serdes.longs(), value -> value + SCOPE, 1_000, 300,
                keyContext, clock, store);
        assertThat(load(markers)).isEqualTo(committed);
        long now = 0;
        for (int step = 0; step < 6000; step++) {
            String key = "key-" + random.nextInt(300);
            key(key);
            int action = random.nextInt(20);
            if (action < 9) {
                // about as late as a disordered stream's records, some behind the last pass
                long value = now - random.nextInt(14_000);
                markers.set(value);
                current.put(key, value);
                if (value + SCOPE <= through) {
                    setBehind.add(key);
                }
                else {
                    setBehind.remove(key);
                }
            }
            else if (action < 11) {
                markers.clear();
                current.remove(key);
                setBehind.remove(key);
            }
            else if (action < 14) {
                assertThat(markers.value()).as("%s at step %d", key, step).isEqualTo(current.get(key));
            }
            else if (action < 15) {
                for (int k = 0; k < 300; k++) {
                    assertThat(markers.readCommitted(bytes("key-" + k))).as("key-%d committed at step %d", k, step)
                            .isEqualTo(committed.get("key-" + k));
                }
            }
            else if (action < 17) {
                now += random.nextInt(700);
                long pass = now - 3_000;
                markers.expireThrough(pass);
                if (pass > through) {
                    through = pass;
                    long expired = through;
                    current.values().removeIf(value -> value + SCOPE <= expired);
                    setBehind.clear();
                }
            }
            else if (action < 19) {
                commit(markers);
                committed = new TreeMap<>(current);
                committedBehind = new HashSet<>(setBehind);
                committedThrough = through;
            }
            else {
                markers = new CachedMarkerState(NAME, Serdes.longs(), value -> value + SCOPE, 1_000, 300, keyContext,
                        clock, store);
                assertThat(load(markers)).as("after crash at step " + step).isEqualTo(committed);
                current = new TreeMap<>(committed);
                setBehind = new HashSet<>(committedBehind);
                through = committedThrough;
            }
        }
        return markers.bucketCount();
    }

    @Test
    void largeCommitsAreCutIntoChunks() {
        CachedMarkerState markers = new CachedMarkerState(NAME, Serdes.longs(), value -> value + SCOPE, 1_000, 1_024,
                keyContext, clock, store);
        for (int i = 0; i < 1000; i++) {
            key("chunked-key-" + i);
            markers.update(1_000L);
        }
        StoreBatch batch = commit(markers);

        assertThat(batch.size()).isGreaterThan(10);
        for (int i = 0; i < batch.size(); i++) {
            assertThat(batch.value(i).length).isLessThanOrEqualTo(1_024);
        }
        assertThat(load(markers())).hasSize(1000);
    }

    @Test
    void readsWhatAValueStateWroteAndMovesEveryKeyIntoPackedEntriesAtTheFirstCommit() {
        CachedValueState<Long> plain = new CachedValueState<>(NAME, Serdes.longs(), keyContext, clock,
                TtlPolicy.NONE, store);
        key("AMZN");
        plain.update(1_000L);
        key("GOOG");
        plain.update(2_000L);
        key("MSFT");
        plain.update(3_000L);
        commit(plain);

        CachedMarkerState markers = markers();
        assertThat(load(markers)).containsExactly(Map.entry("AMZN", 1_000L), Map.entry("GOOG", 2_000L),
                Map.entry("MSFT", 3_000L));
        key("GOOG");
        markers.update(null);
        key("MSFT");
        markers.update(null);
        markers.update(4_000L);
        key("TSLA");
        markers.update(5_000L);
        commit(markers);

        assertThat(perKeyEntries()).as("AMZN too, unchanged: a per-key entry would read as set behind a pass")
                .isEmpty();
        assertThat(load(markers())).containsExactly(Map.entry("AMZN", 1_000L), Map.entry("MSFT", 4_000L),
                Map.entry("TSLA", 5_000L));
        CachedMarkerState reloaded = markers();
        load(reloaded);
        int reads = store.gets;
        key("GOOG");
        assertThat(reloaded.value()).isNull();
        key("AMZN");
        assertThat(reloaded.value()).isEqualTo(1_000L);
        assertThat(store.gets).as("neither a miss nor a hit reads the store").isEqualTo(reads);
    }

    @Test
    void readCommittedSeesTheLastCommitNotTheChangesSince() {
        CachedMarkerState markers = markers();
        key("AMZN");
        markers.update(1_000L);
        key("GOOG");
        markers.update(2_000L);
        assertThat(markers.readCommitted(bytes("AMZN"))).as("not committed yet").isNull();
        commit(markers);

        key("AMZN");
        markers.update(null);
        key("GOOG");
        markers.update(null);
        markers.update(3_000L);
        key("MSFT");
        markers.update(4_000L);
        assertThat(markers.readCommitted(bytes("AMZN"))).isEqualTo(1_000L);
        assertThat(markers.readCommitted(bytes("GOOG"))).isEqualTo(2_000L);
        assertThat(markers.readCommitted(bytes("MSFT"))).isNull();
        commit(markers);
        assertThat(markers.readCommitted(bytes("AMZN"))).isNull();
        assertThat(markers.readCommitted(bytes("GOOG"))).isEqualTo(3_000L);
        assertThat(markers.readCommitted(bytes("MSFT"))).isEqualTo(4_000L);
    }

    @Test
    void markersLoggedUnderAnotherScopeMoveToTheirBucketsAndTheOldOnesGo() {
        CachedMarkerState markers = markers();
        for (int i = 0; i < 5; i++) {
            key("k" + i);
            markers.update(1_000L * i);
        }
        commit(markers);
        int before = packedEntries().size();

        CachedMarkerState rescoped = new CachedMarkerState(NAME, Serdes.longs(), value -> value + 60_000, 4_000,
                keyContext, clock, store);
        assertThat(load(rescoped)).hasSize(5);
        assertThat(rescoped.dirtyCount()).as("each rewritten at the next commit").isEqualTo(5);
        commit(rescoped);
        assertThat(before).isEqualTo(5);
        assertThat(packedEntries()).as("buckets 15 and 16 of 4 s; the 5 old ones gone")
                .hasSize(2);
        key("k0");
        rescoped.update(null);
        commit(rescoped);

        CachedMarkerState reloaded = new CachedMarkerState(NAME, Serdes.longs(), value -> value + 60_000, 4_000,
                keyContext, clock, store);
        assertThat(load(reloaded)).containsOnlyKeys("k1", "k2", "k3", "k4");
        assertThat(reloaded.dirtyCount()).isZero();
    }

    /**
     * Random puts, clears and commits against a map of what a per-key state would hold: after every commit, and after
     * every "crash" (a new state loaded from the store, the changes since the last commit lost), the markers loaded
     * are the map's, and readCommitted agrees with it between commits.
     */
    @Test
    void restoresExactlyWhatAPerKeyStateWouldHoldThroughRandomChangesAndCrashes() {
        assertThat(randomChangesAndCrashes(42, false, false, k -> "key-" + k)).as("bounded by the values' 30 buckets")
                .isLessThanOrEqualTo(30);
    }

    /**
     * The same with keys from empty to some 12 KB, so enough key bytes come and go for the table to compact
     * its slabs between commits, moving every key's bytes under the dirty list, the crashes and readCommitted.
     */
    @Test
    void restoresExactlyThroughRandomChangesAndCrashesWhileKeySlabsAreCompacted() {
        int[] compactions = new int[1];
        // a further seed, on a store of its own, until the slabs were compacted: one seed did not always get there
        // (in one CI run of many)
        for (long seed = 5; seed < 10 && compactions[0] == 0; seed++) {
            store.close();
            store = new CountingStore(stores.open("markers-" + seed, 0));
            randomChangesAndCrashes(seed, false, true,
                    k -> k == 0 ? "" : "key-" + k + "-" + "x".repeat(k * 137 % 12_000),
                    markers -> compactions[0] += markers.compactions());
        }
        assertThat(compactions[0]).as("slab compactions").isPositive();
    }

    /**
     * The same, starting from a store written one entry per key (as before packing), and with the scope and bucket
     * width changed at each crash, so legacy entries, misplaced markers and their moves mix with random changes.
     */
    @Test
    void restoresExactlyThroughLegacyEntriesAndScopeChangesMixedWithRandomChanges() {
        randomChangesAndCrashes(7, true, true, k -> "key-" + k);
        assertThat(perKeyEntries()).as("legacy entries of keys changed since have gone").hasSizeLessThan(40);
    }

    private int randomChangesAndCrashes(long seed, boolean legacy, boolean rescope, IntFunction<String> keyName) {
        return randomChangesAndCrashes(seed, legacy, rescope, keyName, markers -> { });
    }

    /** Runs the random steps, showing each state to {@code crashed} when it is dropped; the bucket count at the end. */
    private int randomChangesAndCrashes(long seed, boolean legacy, boolean rescope, IntFunction<String> keyName,
            Consumer<CachedMarkerState> crashed) {
        Random random = new Random(seed);
        Map<String, Long> committed = new TreeMap<>();
        if (legacy) {
            StoreBatch perKey = new StoreBatch();
            for (int k = 0; k < 40; k++) {
                long value = random.nextInt(20_000);
                perKey.put(StoreKeys.stateKey(PREFIX, bytes(keyName.apply(k))), Serdes.longs().serialize(value));
                committed.put(keyName.apply(k), value);
            }
            store.write(perKey);
        }
        Map<String, Long> current = new TreeMap<>(committed);
        long[] scope = {SCOPE};
        long[] width = {1_000};
        CachedMarkerState markers = new CachedMarkerState(NAME, Serdes.longs(), value -> value + scope[0], width[0], 300,
                keyContext, clock, store);
        assertThat(load(markers)).as("loaded at start").isEqualTo(committed);
        for (int step = 0; step < 3000; step++) {
            String key = keyName.apply(random.nextInt(150));
            key(key);
            int action = random.nextInt(10);
            if (action < 5) {
                long value = random.nextInt(20_000);
                markers.update(value);
                current.put(key, value);
            }
            else if (action < 8) {
                markers.update(null);
                current.remove(key);
            }
            else if (action < 9) {
                commit(markers);
                committed.clear();
                committed.putAll(current);
                long atScope = scope[0];
                CachedMarkerState reread = new CachedMarkerState(NAME, Serdes.longs(), value -> value + atScope,
                        width[0], keyContext, clock, store);
                assertThat(load(reread)).as("after commit at step " + step).isEqualTo(committed);
            }
            else {
                for (int k = 0; k < 150; k++) {
                    Long expected = committed.get(keyName.apply(k));
                    assertThat(markers.readCommitted(bytes(keyName.apply(k)))).as("key %d", k).isEqualTo(expected);
                }
                if (random.nextInt(4) == 0) {
                    if (rescope) {
                        scope[0] = random.nextBoolean() ? SCOPE : 3 * SCOPE;
                        width[0] = random.nextBoolean() ? 1_000 : 2_500;
                    }
                    long atScope = scope[0];
                    crashed.accept(markers);
                    markers = new CachedMarkerState(NAME, Serdes.longs(), value -> value + atScope, width[0], 300,
                            keyContext, clock, store);
                    assertThat(load(markers)).as("after crash at step " + step).isEqualTo(committed);
                    current.clear();
                    current.putAll(committed);
                }
            }
        }
        crashed.accept(markers);
        return markers.bucketCount();
    }

    private CachedMarkerState markers() {
        return new CachedMarkerState(NAME, Serdes.longs(), value -> value + SCOPE, 1_000, keyContext, clock, store);
    }

    private static Map<String, Long> load(CachedMarkerState markers) {
        Map<String, Long> loaded = new TreeMap<>();
        markers.loadAll((keyBytes, value) -> loaded.put(new String(keyBytes, StandardCharsets.UTF_8), value));
        return loaded;
    }

    private void key(String key) {
        keyContext.set(key, bytes(key));
    }

    private StoreBatch commit(CachedState state) {
        StoreBatch batch = new StoreBatch();
        state.flushTo(batch);
        StoreBatch written = new StoreBatch();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.value(i) == null) {
                written.delete(batch.key(i));
            }
            else {
                written.put(batch.key(i), batch.value(i));
            }
        }
        if (!batch.isEmpty()) {
            store.write(batch);
        }
        state.committed();
        return written;
    }

    private List<byte[]> packedEntries() {
        List<byte[]> keys = new ArrayList<>();
        try (StoreIterator it = store.prefixScan(PREFIX)) {
            while (it.next()) {
                if (PackedMarkers.isPacked(PREFIX.length, it.key())) {
                    keys.add(it.key());
                }
            }
        }
        return keys;
    }

    private List<String> perKeyEntries() {
        List<String> keys = new ArrayList<>();
        try (StoreIterator it = store.prefixScan(PREFIX)) {
            while (it.next()) {
                if (!PackedMarkers.isPacked(PREFIX.length, it.key())) {
                    keys.add(new String(StoreKeys.keyOfStateEntry(PREFIX.length, it.key()), StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
