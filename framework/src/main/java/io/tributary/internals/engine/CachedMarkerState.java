package io.tributary.internals.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.serde.Serde;
import io.tributary.state.ValueState;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ValueState} of one {@code long} per key that the task holds in full, loaded from the store when it opens
 * and never evicted, in a {@link MarkerTable}: a key it lacks is absent with no store read. Stored and changelogged
 * as a {@code ValueState} of the same serde would be, so either can read what the other wrote.
 *
 * <p>Exists for keep-first deduplication's markers, whose timers ({@link DerivedTimers}) keep every live key's bytes
 * in memory anyway: held this way a marker adds some 40 bytes to them, where a cache entry of boxed key, value and
 * map node cost some 200 and as many cache misses. Writes are flushed at commit like the other states'; a key written
 * and cleared between two commits writes nothing. No TTL: its function clears each marker itself.
 */
final class CachedMarkerState extends CachedState implements ValueState<Long> {

    private static final int HAS_VALUE = 1;
    private static final int DIRTY = 2;
    private static final int STORED = 4;

    private final Serde<Long> serde;
    private final MarkerTable table = new MarkerTable();
    // the key bytes of dirty entries and their hashes (slots move as the table changes)
    private final List<byte[]> dirty = new ArrayList<>();
    private int[] dirtyHashes = new int[16];
    // the last key hashed: a record reads its key's marker, then writes it
    private byte[] hashedKey = new byte[0];
    private int hashedKeyHash = table.hash(hashedKey);

    CachedMarkerState(String name, Serde<Long> serde, KeyContext keyContext, TaskClock clock, KeyValueStore store) {
        super(name, keyContext, clock, TtlPolicy.NONE, store);
        this.serde = serde;
    }

    /** Loads every stored entry and calls {@code action} with its key bytes and value; before any other access. */
    void loadAll(LoadedMarker action) {
        try (StoreIterator it = store.prefixScan(prefix)) {
            while (it.next()) {
                byte[] keyBytes = StoreKeys.keyOfStateEntry(prefix.length, it.key());
                long value = serde.deserialize(it.value());
                int slot = table.insert(keyBytes);
                table.value(slot, value);
                table.flags(slot, HAS_VALUE | STORED);
                action.accept(keyBytes, value);
            }
        }
    }

    /** What {@link #loadAll} calls for each entry it loads. */
    interface LoadedMarker {
        void accept(byte[] keyBytes, long value);
    }

    @Override
    public @Nullable Long value() {
        byte[] keyBytes = keyContext.keyBytes();
        int slot = table.find(keyBytes, hashOf(keyBytes));
        return slot < 0 || (table.flags(slot) & HAS_VALUE) == 0 ? null : table.value(slot);
    }

    @Override
    public void update(@Nullable Long value) {
        byte[] keyBytes = keyContext.keyBytes();
        int hash = hashOf(keyBytes);
        int slot;
        if (value != null) {
            slot = table.insert(keyBytes, hash);
            table.value(slot, value);
            table.flags(slot, table.flags(slot) | HAS_VALUE);
        }
        else {
            slot = table.find(keyBytes, hash);
            if (slot < 0) {
                return;
            }
            table.flags(slot, table.flags(slot) & ~HAS_VALUE);
        }
        int flags = table.flags(slot);
        if ((flags & DIRTY) == 0) {
            table.flags(slot, flags | DIRTY);
            if (dirty.size() == dirtyHashes.length) {
                dirtyHashes = Arrays.copyOf(dirtyHashes, dirtyHashes.length * 2);
            }
            dirtyHashes[dirty.size()] = hash;
            dirty.add(table.key(slot));
        }
    }

    private int hashOf(byte[] keyBytes) {
        if (keyBytes != hashedKey) {
            hashedKey = keyBytes;
            hashedKeyHash = table.hash(keyBytes);
        }
        return hashedKeyHash;
    }

    @Override
    public void clear() {
        update(null);
    }

    @Override
    void flushTo(StoreBatch batch) {
        for (int i = 0; i < dirty.size(); i++) {
            byte[] keyBytes = dirty.get(i);
            int slot = table.find(keyBytes, dirtyHashes[i]);
            int flags = table.flags(slot);
            if ((flags & HAS_VALUE) != 0) {
                batch.put(StoreKeys.stateKey(prefix, keyBytes), serde.serialize(table.value(slot)));
                table.flags(slot, HAS_VALUE | STORED);
            }
            else {
                if ((flags & STORED) != 0) {
                    batch.delete(StoreKeys.stateKey(prefix, keyBytes));
                }
                // absent needs no entry: the table holds every key the store does
                table.remove(slot);
            }
        }
        dirty.clear();
        // a burst of keys that has since gone leaves the table mostly empty: give the memory back
        table.shrinkIfSparse();
    }

    @Override
    int dirtyCount() {
        return dirty.size();
    }

    /** None that {@link #evictClean} could drop: this state is held in full, outside the bound on cached entries. */
    @Override
    int cachedCount() {
        return 0;
    }

    /** Keeps every entry: a key missing from the table must mean absent. */
    @Override
    void evictClean() {
    }

    @Override
    @Nullable Object readCommitted(byte[] keyBytes) {
        byte[] stored = store.get(StoreKeys.stateKey(prefix, keyBytes));
        return stored == null ? null : serde.deserialize(stored);
    }

    @Override
    int expireStored(List<byte[]> storeKeys) {
        throw new IllegalStateException("state '" + name + "' has no TTL, so nothing of it expires");
    }
}
