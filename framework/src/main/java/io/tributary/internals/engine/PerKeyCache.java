package io.tributary.internals.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import org.jspecify.annotations.Nullable;

/**
 * The cache of a state that holds one stored value per key ({@code ValueState}, {@code ListState}).
 *
 * @param <T> the value type as the state exposes it
 */
abstract class PerKeyCache<T> extends CachedState {

    /**
     * One key's cached value; {@code value == null} means absent. {@code stored} says whether the store (as of the
     * last flush) holds a value for the key: deleting a value that was never flushed needs no tombstone.
     */
    static final class Entry<T> {
        final @Nullable Object key;
        final byte[] keyBytes;
        @Nullable T value;
        long expiry;
        boolean dirty;
        boolean stored;

        Entry(@Nullable Object key, byte[] keyBytes, @Nullable T value, long expiry) {
            this.key = key;
            this.keyBytes = keyBytes;
            this.value = value;
            this.expiry = expiry;
        }
    }

    private final Map<Object, Entry<T>> entries = new HashMap<>();
    private final List<Entry<T>> dirty = new ArrayList<>();
    // Deleted keys flushed to the batch, dropped from the cache once the batch is in the store (before, a read
    // would find the store's old value) rather than kept as absent entries until the next trim: states whose keys
    // come and go (a deduplication's markers) then hold only their live keys.
    private final List<Entry<T>> deleted = new ArrayList<>();

    PerKeyCache(String name, KeyContext keyContext, TaskClock clock, TtlPolicy ttl, KeyValueStore store) {
        super(name, keyContext, clock, ttl, store);
    }

    abstract byte[] encodePayload(T value);

    abstract T decodePayload(byte[] payload);

    /** The current key's live value, or {@code null}. */
    final @Nullable T read() {
        Entry<T> entry = entry();
        if (entry.value != null && ttl.isExpired(entry.expiry, clock)) {
            entry.value = null;
            markDirty(entry);
        }
        return entry.value;
    }

    final void write(@Nullable T value) {
        Entry<T> entry = entry();
        entry.value = value;
        entry.expiry = ttl.expiryOfWrite(clock);
        markDirty(entry);
    }

    @Override
    final @Nullable Object readCommitted(byte[] keyBytes) {
        byte[] stored = store.get(StoreKeys.stateKey(prefix, keyBytes));
        if (stored == null || ttl.isExpired(ttl.expiryOf(stored), clock)) {
            return null;
        }
        return decodePayload(ttl.payloadOf(stored));
    }

    private Entry<T> entry() {
        Object key = keyContext.key();
        Entry<T> entry = entries.get(key);
        if (entry == null) {
            byte[] keyBytes = keyContext.keyBytes();
            byte[] stored = store.get(StoreKeys.stateKey(prefix, keyBytes));
            if (stored == null) {
                entry = new Entry<>(key, keyBytes, null, Long.MAX_VALUE);
            }
            else {
                entry = new Entry<>(key, keyBytes, decodePayload(ttl.payloadOf(stored)), ttl.expiryOf(stored));
                entry.stored = true;
            }
            entries.put(key, entry);
        }
        return entry;
    }

    private void markDirty(Entry<T> entry) {
        if (!entry.dirty) {
            entry.dirty = true;
            dirty.add(entry);
        }
    }

    @Override
    final void flushTo(StoreBatch batch) {
        for (Entry<T> entry : dirty) {
            if (entry.value == null) {
                if (entry.stored) {
                    batch.delete(StoreKeys.stateKey(prefix, entry.keyBytes));
                    entry.stored = false;
                }
                if (entry.key != null) {
                    deleted.add(entry);
                }
            }
            else {
                batch.put(StoreKeys.stateKey(prefix, entry.keyBytes), ttl.encode(encodePayload(entry.value), entry.expiry));
                entry.stored = true;
            }
            entry.dirty = false;
        }
        dirty.clear();
    }

    @Override
    final void committed() {
        for (Entry<T> entry : deleted) {
            if (!entry.dirty && entry.value == null) {
                entries.remove(entry.key, entry);
            }
        }
        deleted.clear();
    }

    @Override
    final int dirtyCount() {
        return dirty.size();
    }

    @Override
    final int cachedCount() {
        return entries.size();
    }

    @Override
    final void evictClean() {
        if (dirty.isEmpty()) {
            entries.clear();
        }
        else {
            entries.values().removeIf(entry -> !entry.dirty);
        }
    }

    @Override
    final int expireStored(List<byte[]> storeKeys) {
        java.util.Set<java.nio.ByteBuffer> rewritten = new java.util.HashSet<>();
        for (Entry<T> entry : dirty) {
            rewritten.add(java.nio.ByteBuffer.wrap(entry.keyBytes));
        }
        Map<java.nio.ByteBuffer, Object> cachedKeys = new HashMap<>();
        entries.forEach((key, entry) -> cachedKeys.put(java.nio.ByteBuffer.wrap(entry.keyBytes), key));
        int expired = 0;
        for (byte[] storeKey : storeKeys) {
            byte[] keyBytes = StoreKeys.keyOfStateEntry(prefix.length, storeKey);
            java.nio.ByteBuffer wrapped = java.nio.ByteBuffer.wrap(keyBytes);
            if (!rewritten.add(wrapped)) {
                continue;
            }
            // Not rewritten since the last commit: any cached copy is the stored (expired) one.
            Object cachedKey = cachedKeys.remove(wrapped);
            if (cachedKey != null) {
                entries.remove(cachedKey);
            }
            Entry<T> tombstone = new Entry<>(null, keyBytes, null, Long.MAX_VALUE);
            tombstone.dirty = true;
            tombstone.stored = true;
            dirty.add(tombstone);
            expired++;
        }
        return expired;
    }
}
