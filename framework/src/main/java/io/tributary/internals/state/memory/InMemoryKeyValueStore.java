package io.tributary.internals.state.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

import io.tributary.internals.state.KeyPrefixes;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreId;
import io.tributary.internals.state.StoreIterator;
import org.jspecify.annotations.Nullable;

/**
 * One in-memory store: a view onto a sorted map its provider owns, so the data outlives the store object.
 *
 * <p>Arrays are copied on the way in and out, so callers can reuse their buffers and cannot corrupt the store, as
 * with RocksDB. Prefix scans iterate a copy of the matching entries: later writes neither show up in nor break an
 * open iterator, matching RocksDB's point-in-time iterators.
 */
final class InMemoryKeyValueStore implements KeyValueStore {

    private final StoreId id;
    private final NavigableMap<byte[], byte[]> entries;
    private final Runnable onClose;
    private long sizeBytes;
    private boolean closed;

    InMemoryKeyValueStore(StoreId id, NavigableMap<byte[], byte[]> entries, Runnable onClose) {
        this.id = id;
        this.entries = entries;
        this.onClose = onClose;
        for (Map.Entry<byte[], byte[]> entry : entries.entrySet()) {
            sizeBytes += entry.getKey().length + entry.getValue().length;
        }
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        ensureOpen("get");
        byte[] value = entries.get(key);
        return value == null ? null : value.clone();
    }

    @Override
    public void write(StoreBatch batch) {
        ensureOpen("write");
        for (int i = 0; i < batch.size(); i++) {
            byte[] key = batch.key(i);
            byte[] value = batch.value(i);
            byte[] previous = value == null ? entries.remove(key) : entries.put(key.clone(), value.clone());
            if (previous != null) {
                sizeBytes -= key.length + previous.length;
            }
            if (value != null) {
                sizeBytes += key.length + value.length;
            }
        }
    }

    @Override
    public StoreIterator prefixScan(byte[] prefix) {
        ensureOpen("prefixScan");
        byte[] upper = KeyPrefixes.upperBound(prefix);
        NavigableMap<byte[], byte[]> range = upper == null
                ? entries.tailMap(prefix, true)
                : entries.subMap(prefix, true, upper, false);
        // TreeMap's entries change when a key is overwritten, but the stored arrays never do: copying the
        // (key, value) references is a true snapshot.
        List<Map.Entry<byte[], byte[]>> snapshot = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> entry : range.entrySet()) {
            snapshot.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        return new SnapshotIterator(snapshot);
    }

    @Override
    public long approximateSizeBytes() {
        ensureOpen("approximateSizeBytes");
        return sizeBytes;
    }

    @Override
    public long approximateEntries() {
        ensureOpen("approximateEntries");
        return entries.size();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new IllegalStateException("Cannot " + operation + " on store " + id + ": it is closed");
        }
    }

    /** Walks a private copy of the entries, so it needs no locking and never sees later writes. */
    private static final class SnapshotIterator implements StoreIterator {

        private final List<Map.Entry<byte[], byte[]>> snapshot;
        private int position = -1;
        private Map.@Nullable Entry<byte[], byte[]> current;

        SnapshotIterator(List<Map.Entry<byte[], byte[]>> snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public boolean next() {
            if (position + 1 < snapshot.size()) {
                current = snapshot.get(++position);
                return true;
            }
            position = snapshot.size();
            current = null;
            return false;
        }

        @Override
        public byte[] key() {
            return current().getKey().clone();
        }

        @Override
        public byte[] value() {
            return current().getValue().clone();
        }

        @Override
        public void close() {
            current = null;
        }

        private Map.Entry<byte[], byte[]> current() {
            Map.Entry<byte[], byte[]> entry = current;
            if (entry == null) {
                throw new NoSuchElementException("No current entry: call next() and check it returned true");
            }
            return entry;
        }
    }
}
