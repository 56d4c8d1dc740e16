package io.tributary.internals.state.memory;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreId;
import io.tributary.internals.state.StoreProvider;

/**
 * A {@link StoreProvider} that keeps every store on the heap, for tests and for processors whose state is small.
 *
 * <p>The provider, not the store, owns the data: closing a store and opening it again from the same provider
 * returns what was written, as a disk would across a task restart; {@link #wipe} drops it. Nothing survives the
 * provider itself, so after a process restart every store restores fully from its changelog.
 *
 * <p>Thread-safe. A store may be open once at a time; opening it again before closing it, or wiping it while open,
 * fails with {@link IllegalStateException}, as with RocksDB.
 */
public final class InMemoryStoreProvider implements StoreProvider {

    private final Map<StoreId, NavigableMap<byte[], byte[]>> data = new ConcurrentHashMap<>();
    private final Set<StoreId> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public KeyValueStore open(String processor, int partition) {
        StoreId id = new StoreId(processor, partition);
        if (closed) {
            throw new IllegalStateException("Cannot open store " + id + ": the in-memory store provider is closed");
        }
        if (!open.add(id)) {
            throw new IllegalStateException("Store " + id + " is already open; close it before opening it again");
        }
        NavigableMap<byte[], byte[]> entries = data.computeIfAbsent(id, ignored -> new TreeMap<>(Arrays::compareUnsigned));
        return new InMemoryKeyValueStore(id, entries, () -> open.remove(id));
    }

    @Override
    public void wipe(String processor, int partition) {
        StoreId id = new StoreId(processor, partition);
        if (open.contains(id)) {
            throw new IllegalStateException("Cannot wipe store " + id + " while it is open; close it first");
        }
        data.remove(id);
    }

    /** Forgets every store; stores still open keep their data until they are closed. */
    @Override
    public void close() {
        closed = true;
        data.clear();
    }
}
