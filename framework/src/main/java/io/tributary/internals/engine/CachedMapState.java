package io.tributary.internals.engine;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.serde.Serde;
import io.tributary.state.MapState;
import org.jspecify.annotations.Nullable;

/**
 * {@link MapState} over the task's write-back cache. Each map entry is a store entry of its own; a key's
 * map is read from the store whole only when it is iterated.
 */
final class CachedMapState<UK, UV> extends CachedState implements MapState<UK, UV> {

    /** {@code stored}: whether the store (as of the last flush) holds the entry, so removing it needs a tombstone. */
    private static final class Entry<UV> {
        final byte[] mapKeyBytes;
        @Nullable UV value;
        long expiry;
        boolean dirty;
        boolean stored;

        Entry(byte[] mapKeyBytes, @Nullable UV value, long expiry) {
            this.mapKeyBytes = mapKeyBytes;
            this.value = value;
            this.expiry = expiry;
        }
    }

    private static final class KeyMap<UK, UV> {
        final Object key;
        final byte[] keyBytes;
        final Map<UK, Entry<UV>> entries = new HashMap<>();
        boolean complete;

        KeyMap(Object key, byte[] keyBytes) {
            this.key = key;
            this.keyBytes = keyBytes;
        }
    }

    /** A changed entry; {@code map} and {@code mapKey} are null for a tombstone of an expired entry not cached. */
    private record Dirty<UK, UV>(byte[] keyBytes, @Nullable KeyMap<UK, UV> map, @Nullable UK mapKey,
            Entry<UV> entry) {
    }

    private final Serde<UK> keySerde;
    private final Serde<UV> valueSerde;
    private final Map<Object, KeyMap<UK, UV>> maps = new HashMap<>();
    private final List<Dirty<UK, UV>> dirty = new ArrayList<>();
    // entries removed and flushed as deleted, forgotten once the batch is in the store: a long-lived key (a key's
    // windows, one per slide) would otherwise keep an entry for every map key it ever had until the cache overflows
    private final List<Dirty<UK, UV>> deleted = new ArrayList<>();
    private int cached;
    // the current key's map, by the key context's version: a record reads and writes several entries of one key
    private @Nullable KeyMap<UK, UV> currentMap;
    private long currentMapVersion = -1;

    CachedMapState(String name, Serde<UK> keySerde, Serde<UV> valueSerde, KeyContext keyContext, TaskClock clock,
            TtlPolicy ttl, KeyValueStore store) {
        super(name, keyContext, clock, ttl, store);
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
    }

    @Override
    public @Nullable UV get(UK mapKey) {
        Entry<UV> entry = entry(keyMap(), mapKey);
        return live(entry) ? entry.value : null;
    }

    @Override
    public void put(UK mapKey, UV value) {
        KeyMap<UK, UV> map = keyMap();
        Entry<UV> entry = entry(map, mapKey);
        entry.value = value;
        entry.expiry = ttl.expiryOfWrite(clock);
        markDirty(map, mapKey, entry);
    }

    @Override
    public void remove(UK mapKey) {
        KeyMap<UK, UV> map = keyMap();
        Entry<UV> entry = entry(map, mapKey);
        if (entry.value != null) {
            entry.value = null;
            markDirty(map, mapKey, entry);
        }
    }

    @Override
    public boolean contains(UK mapKey) {
        return get(mapKey) != null;
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries() {
        KeyMap<UK, UV> map = complete(keyMap());
        List<Map.Entry<UK, UV>> snapshot = new ArrayList<>();
        map.entries.forEach((mapKey, entry) -> {
            if (live(entry)) {
                snapshot.add(new AbstractMap.SimpleImmutableEntry<>(mapKey, entry.value));
            }
        });
        return snapshot;
    }

    @Override
    public boolean isEmpty() {
        return !entries().iterator().hasNext();
    }

    @Override
    public void clear() {
        KeyMap<UK, UV> map = complete(keyMap());
        map.entries.forEach((mapKey, entry) -> {
            if (entry.value != null) {
                entry.value = null;
                markDirty(map, mapKey, entry);
            }
        });
    }

    private boolean live(Entry<UV> entry) {
        return entry.value != null && !ttl.isExpired(entry.expiry, clock);
    }

    private KeyMap<UK, UV> keyMap() {
        KeyMap<UK, UV> map = currentMap;
        long version = keyContext.version();
        if (map != null && currentMapVersion == version) {
            return map;
        }
        Object key = keyContext.key();
        map = maps.get(key);
        if (map == null) {
            map = new KeyMap<>(key, keyContext.keyBytes());
            maps.put(key, map);
        }
        currentMap = map;
        currentMapVersion = version;
        return map;
    }

    private Entry<UV> entry(KeyMap<UK, UV> map, UK mapKey) {
        Entry<UV> entry = map.entries.get(mapKey);
        if (entry == null) {
            byte[] mapKeyBytes = keySerde.serialize(mapKey);
            entry = map.complete ? new Entry<>(mapKeyBytes, null, Long.MAX_VALUE)
                    : load(StoreKeys.mapEntryKey(prefix, map.keyBytes, mapKeyBytes), mapKeyBytes);
            map.entries.put(mapKey, entry);
            cached++;
        }
        return entry;
    }

    private Entry<UV> load(byte[] storeKey, byte[] mapKeyBytes) {
        byte[] stored = store.get(storeKey);
        if (stored == null) {
            return new Entry<>(mapKeyBytes, null, Long.MAX_VALUE);
        }
        Entry<UV> entry = new Entry<>(mapKeyBytes, valueSerde.deserialize(ttl.payloadOf(stored)), ttl.expiryOf(stored));
        entry.stored = true;
        return entry;
    }

    private KeyMap<UK, UV> complete(KeyMap<UK, UV> map) {
        if (!map.complete) {
            try (StoreIterator it = store.prefixScan(StoreKeys.stateKey(prefix, map.keyBytes))) {
                while (it.next()) {
                    byte[] mapKeyBytes = StoreKeys.mapKeyOfEntry(prefix.length, it.key());
                    UK mapKey = keySerde.deserialize(mapKeyBytes);
                    if (!map.entries.containsKey(mapKey)) {
                        byte[] stored = it.value();
                        Entry<UV> entry = new Entry<>(mapKeyBytes, valueSerde.deserialize(ttl.payloadOf(stored)),
                                ttl.expiryOf(stored));
                        entry.stored = true;
                        map.entries.put(mapKey, entry);
                        cached++;
                    }
                }
            }
            map.complete = true;
        }
        return map;
    }

    @Override
    @Nullable Object readCommitted(byte[] keyBytes) {
        Map<UK, UV> committed = new java.util.LinkedHashMap<>();
        try (StoreIterator it = store.prefixScan(StoreKeys.stateKey(prefix, keyBytes))) {
            while (it.next()) {
                byte[] stored = it.value();
                if (!ttl.isExpired(ttl.expiryOf(stored), clock)) {
                    committed.put(keySerde.deserialize(StoreKeys.mapKeyOfEntry(prefix.length, it.key())),
                            valueSerde.deserialize(ttl.payloadOf(stored)));
                }
            }
        }
        return committed.isEmpty() ? null : committed;
    }

    private void markDirty(KeyMap<UK, UV> map, UK mapKey, Entry<UV> entry) {
        if (!entry.dirty) {
            entry.dirty = true;
            dirty.add(new Dirty<>(map.keyBytes, map, mapKey, entry));
        }
    }

    @Override
    void flushTo(StoreBatch batch) {
        for (Dirty<UK, UV> change : dirty) {
            Entry<UV> entry = change.entry();
            if (entry.value == null) {
                if (entry.stored) {
                    batch.delete(StoreKeys.mapEntryKey(prefix, change.keyBytes(), entry.mapKeyBytes));
                    entry.stored = false;
                }
                if (change.map() != null) {
                    deleted.add(change);
                }
            }
            else {
                batch.put(StoreKeys.mapEntryKey(prefix, change.keyBytes(), entry.mapKeyBytes),
                        ttl.encode(valueSerde.serialize(entry.value), entry.expiry));
                entry.stored = true;
            }
            entry.dirty = false;
        }
        dirty.clear();
    }

    /**
     * Forgets the entries this commit deleted, and a key's map once it has none left. Not before: a map that is not
     * complete reads a key it lacks from the store, which has the deletes only now. A forgotten map is no longer known
     * complete, so iterating the key again scans the store once: that bounds the memory of keys that come and go.
     */
    @Override
    void committed() {
        for (Dirty<UK, UV> change : deleted) {
            KeyMap<UK, UV> map = change.map();
            Entry<UV> entry = change.entry();
            if (map != null && maps.get(map.key) == map && !entry.dirty && entry.value == null
                    && map.entries.remove(change.mapKey(), entry)) {
                cached--;
                if (map.entries.isEmpty() && maps.remove(map.key, map) && currentMap == map) {
                    currentMap = null;
                }
            }
        }
        deleted.clear();
    }

    @Override
    int dirtyCount() {
        return dirty.size();
    }

    @Override
    int cachedCount() {
        return cached;
    }

    @Override
    void evictClean() {
        if (dirty.isEmpty()) {
            maps.clear();
            cached = 0;
            currentMap = null;
        }
    }

    @Override
    int expireStored(List<byte[]> storeKeys) {
        java.util.Set<java.nio.ByteBuffer> rewritten = new java.util.HashSet<>();
        for (Dirty<UK, UV> change : dirty) {
            rewritten.add(java.nio.ByteBuffer.wrap(StoreKeys.mapEntryKey(prefix, change.keyBytes(), change.entry().mapKeyBytes)));
        }
        // A cached map holding uncommitted writes of its key must stay: they exist nowhere else yet. Its
        // cached copies of expired entries are the stored ones and read as absent.
        Map<java.nio.ByteBuffer, Object> cleanMaps = new HashMap<>();
        maps.forEach((key, map) -> {
            if (map.entries.values().stream().noneMatch(entry -> entry.dirty)) {
                cleanMaps.put(java.nio.ByteBuffer.wrap(map.keyBytes), key);
            }
        });
        int expired = 0;
        for (byte[] storeKey : storeKeys) {
            if (!rewritten.add(java.nio.ByteBuffer.wrap(storeKey))) {
                continue;
            }
            byte[] keyBytes = StoreKeys.keyOfStateEntry(prefix.length, storeKey);
            Object cachedKey = cleanMaps.remove(java.nio.ByteBuffer.wrap(keyBytes));
            if (cachedKey != null) {
                cached -= maps.remove(cachedKey).entries.size();
                currentMap = null;
            }
            Entry<UV> tombstone = new Entry<>(StoreKeys.mapKeyOfEntry(prefix.length, storeKey), null, Long.MAX_VALUE);
            tombstone.dirty = true;
            tombstone.stored = true;
            dirty.add(new Dirty<>(keyBytes, null, null, tombstone));
            expired++;
        }
        return expired;
    }
}
