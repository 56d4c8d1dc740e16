package io.tributary.internals.engine;

import java.time.Duration;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreIterator;
import io.tributary.serde.Serdes;

/** What a marker state holds in a store, read as the state loads it: for tests outside the engine's package. */
public final class StoredMarkers {

    private static final TaskClock NO_CLOCK = new TaskClock() {
        @Override
        public long watermark() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long processingTime() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long currentTimestamp() {
            throw new UnsupportedOperationException();
        }
    };

    private StoredMarkers() {
    }

    /**
     * The live markers of the state named {@code state}, whose markers expire {@code lifetime} after their value,
     * whether in packed or per-key entries: as the state loads them, leaving out those expired by the last commit.
     */
    public static long liveMarkers(KeyValueStore store, String state, Duration lifetime) {
        // loading reads no clock
        long lifetimeMillis = lifetime.toMillis();
        CachedMarkerState markers = new CachedMarkerState(state, Serdes.longs(), value -> value + lifetimeMillis,
                MarkerBuckets.widthFor(lifetimeMillis), new KeyContext(), NO_CLOCK, store);
        long[] count = new long[1];
        markers.loadAll((keyBytes, value) -> count[0]++);
        return count[0];
    }

    /** The packed entries of the state named {@code state}. */
    public static long packedEntries(KeyValueStore store, String state) {
        byte[] prefix = StoreKeys.statePrefix(state);
        long count = 0;
        try (StoreIterator it = store.prefixScan(prefix)) {
            while (it.next()) {
                if (PackedMarkers.isPacked(prefix.length, it.key())) {
                    count++;
                }
            }
        }
        return count;
    }
}
