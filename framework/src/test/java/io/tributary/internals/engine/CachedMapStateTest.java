package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.serde.Serdes;
import io.tributary.state.RocksDbSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The map state's cache on a real RocksDB store: what it forgets once a commit has deleted it, and that a record's
 * several accesses to its key's map read the right key's entries.
 */
class CachedMapStateTest {

    @TempDir
    Path stateDir;
    private RocksDbStoreProvider stores;
    private CountingStore store;
    private final KeyContext keyContext = new KeyContext();
    private final TaskClock clock = new StoppedClock();

    @BeforeEach
    void open() {
        stores = new RocksDbStoreProvider(stateDir, RocksDbSettings.defaults());
        store = new CountingStore(stores.open("maps", 0));
    }

    @AfterEach
    void close() {
        store.close();
        stores.close();
    }

    @Test
    void aKeyWhoseMapKeysComeAndGoKeepsOnlyItsLiveEntries() {
        CachedMapState<Long, Long> windows = windows();
        key("AAPL");
        // a sliding window per minute, ten open at a time, as a windowed aggregation keeps them
        for (long minute = 0; minute < 300; minute++) {
            windows.put(minute, minute * 10);
            if (minute >= 10) {
                windows.remove(minute - 10);
            }
            commit(windows);
        }

        assertThat(windows.cachedCount()).isEqualTo(10);
        assertThat(windows.get(299L)).isEqualTo(2_990L);
        assertThat(windows.get(5L)).isNull();
    }

    @Test
    void aDeletedEntryIsForgottenOnlyOnceItsDeleteIsInTheStore() {
        CachedMapState<Long, Long> windows = windows();
        key("AAPL");
        windows.put(1L, 10L);
        windows.put(2L, 20L);
        commit(windows);
        windows.remove(1L);

        StoreBatch batch = new StoreBatch();
        windows.flushTo(batch);
        int readsBefore = store.gets;
        assertThat(windows.get(1L)).as("flushed, not yet written: still known absent").isNull();
        assertThat(store.gets).isEqualTo(readsBefore);
        assertThat(windows.cachedCount()).isEqualTo(2);

        store.write(batch);
        windows.committed();
        assertThat(windows.cachedCount()).isEqualTo(1);
        assertThat(windows.get(1L)).as("read from the store, which has the delete").isNull();
        assertThat(store.gets).isEqualTo(readsBefore + 1);
        assertThat(windows.get(2L)).isEqualTo(20L);
    }

    @Test
    void aKeyLeftWithoutEntriesIsForgottenAndCanBeWrittenAgain() {
        CachedMapState<Long, Long> windows = windows();
        key("AAPL");
        windows.put(1L, 10L);
        commit(windows);
        windows.remove(1L);
        commit(windows);

        assertThat(windows.cachedCount()).isZero();
        // the same record goes on: its write must reach the key's map as the state now holds it, not the one forgotten
        windows.put(2L, 20L);
        key("MSFT");
        key("AAPL");
        assertThat(windows.get(2L)).isEqualTo(20L);
        assertThat(windows.get(1L)).isNull();
        commit(windows);
        windows.evictClean();
        assertThat(windows.get(2L)).isEqualTo(20L);
        assertThat(windows.get(1L)).isNull();
    }

    @Test
    void eachAccessReadsTheCurrentKeysMapWhenKeysAlternate() {
        CachedMapState<Long, Long> windows = windows();
        for (int round = 0; round < 3; round++) {
            key("A");
            windows.put(1L, 100L + round);
            key("B");
            windows.put(1L, 200L + round);
            key("A");
            assertThat(windows.get(1L)).isEqualTo(100L + round);
            key("B");
            assertThat(windows.get(1L)).isEqualTo(200L + round);
            commit(windows);
            // dropping every map must not leave the current key's map in use: a write after it must be kept
            windows.evictClean();
            assertThat(windows.get(1L)).isEqualTo(200L + round);
            windows.put(1L, 900L + round);
            key("A");
            key("B");
            assertThat(windows.get(1L)).isEqualTo(900L + round);
        }
        key("A");
        windows.remove(1L);
        commit(windows);
        assertThat(windows.get(1L)).isNull();
        key("B");
        assertThat(windows.get(1L)).isEqualTo(902L);
    }

    private CachedMapState<Long, Long> windows() {
        return new CachedMapState<>("windows", Serdes.longs(), Serdes.longs(), keyContext, clock, TtlPolicy.NONE,
                store);
    }

    private void key(String key) {
        keyContext.set(key, key.getBytes(StandardCharsets.UTF_8));
    }

    private void commit(CachedState state) {
        StoreBatch batch = new StoreBatch();
        state.flushTo(batch);
        if (!batch.isEmpty()) {
            store.write(batch);
        }
        state.committed();
    }
}
