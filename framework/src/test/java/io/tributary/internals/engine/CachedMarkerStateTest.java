package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact marker state against the plain value state it replaces for deduplication: same stored form. */
class CachedMarkerStateTest {

    private final InMemoryStoreProvider stores = new InMemoryStoreProvider();
    private final CountingStore store = new CountingStore(stores.open("markers", 0));
    private final KeyContext keyContext = new KeyContext();
    private final TaskClock clock = new TaskClock() {
        @Override
        public long watermark() {
            return 0;
        }

        @Override
        public long processingTime() {
            return 0;
        }

        @Override
        public long currentTimestamp() {
            return 0;
        }
    };

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void readsWhatAValueStateWroteAndWritesWhatItReads() {
        CachedValueState<Long> plain = new CachedValueState<>("first-seen", Serdes.longs(), keyContext, clock,
                TtlPolicy.NONE, store);
        key("AMZN");
        plain.update(10L);
        key("GOOG");
        plain.update(20L);
        commit(plain);

        CachedMarkerState markers = markers();
        List<String> loaded = new ArrayList<>();
        markers.loadAll((keyBytes, value) -> loaded.add(new String(keyBytes, StandardCharsets.UTF_8) + "=" + value));
        assertThat(loaded).containsExactly("AMZN=10", "GOOG=20");
        key("GOOG");
        markers.update(null);
        key("MSFT");
        markers.update(30L);
        commit(markers);

        CachedValueState<Long> reread = new CachedValueState<>("first-seen", Serdes.longs(), keyContext, clock,
                TtlPolicy.NONE, store);
        key("AMZN");
        assertThat(reread.value()).isEqualTo(10L);
        key("GOOG");
        assertThat(reread.value()).isNull();
        key("MSFT");
        assertThat(reread.value()).isEqualTo(30L);
    }

    @Test
    void aMissReadsNothingFromTheStoreOnceLoaded() {
        key("AMZN");
        CachedValueState<Long> plain = new CachedValueState<>("first-seen", Serdes.longs(), keyContext, clock,
                TtlPolicy.NONE, store);
        plain.update(10L);
        commit(plain);
        CachedMarkerState markers = markers();
        markers.loadAll((keyBytes, value) -> { });
        int reads = store.gets;
        key("GOOG");
        assertThat(markers.value()).isNull();
        key("AMZN");
        assertThat(markers.value()).isEqualTo(10L);
        assertThat(store.gets).isEqualTo(reads);
    }

    @Test
    void aMarkerWrittenAndClearedBetweenTwoCommitsWritesNothing() {
        CachedMarkerState markers = markers();
        key("AMZN");
        markers.update(10L);
        markers.update(null);
        key("GOOG");
        markers.update(20L);
        StoreBatch batch = new StoreBatch();
        markers.flushTo(batch);
        assertThat(batch.size()).as("GOOG's marker only").isEqualTo(1);
        store.write(batch);

        key("GOOG");
        markers.update(null);
        assertThat(markers.value()).isNull();
        StoreBatch delete = new StoreBatch();
        markers.flushTo(delete);
        assertThat(delete.size()).isEqualTo(1);
        assertThat(delete.value(0)).as("a tombstone for the stored marker").isNull();
        assertThat(markers.dirtyCount()).isZero();
    }

    private CachedMarkerState markers() {
        return new CachedMarkerState("first-seen", Serdes.longs(), keyContext, clock, store);
    }

    private void key(String key) {
        keyContext.set(key, key.getBytes(StandardCharsets.UTF_8));
    }

    private void commit(CachedState state) {
        StoreBatch batch = new StoreBatch();
        state.flushTo(batch);
        store.write(batch);
        state.committed();
    }

    /** Counts point reads, to show which accesses reach the store. */
    private static final class CountingStore implements KeyValueStore {
        private final KeyValueStore delegate;
        int gets;

        CountingStore(KeyValueStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte @Nullable [] get(byte[] key) {
            gets++;
            return delegate.get(key);
        }

        @Override
        public void write(StoreBatch batch) {
            delegate.write(batch);
        }

        @Override
        public StoreIterator prefixScan(byte[] prefix) {
            return delegate.prefixScan(prefix);
        }

        @Override
        public long approximateSizeBytes() {
            return delegate.approximateSizeBytes();
        }

        @Override
        public long approximateEntries() {
            return delegate.approximateEntries();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
