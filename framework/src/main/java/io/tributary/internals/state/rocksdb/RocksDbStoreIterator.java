package io.tributary.internals.state.rocksdb;

import java.util.NoSuchElementException;
import java.util.function.Consumer;

import io.tributary.internals.state.KeyPrefixes;
import io.tributary.internals.state.StateStoreException;
import io.tributary.internals.state.StoreId;
import io.tributary.internals.state.StoreIterator;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A prefix scan over one RocksDB store: a {@link RocksIterator} bounded above by the first key past the prefix.
 *
 * <p>The iterator is created, and so pins its point-in-time view, when the scan starts: writes made while it is
 * open are not seen. It owns its read options and bound slice, which must outlive the native iterator, and frees
 * all three on {@link #close()}; the store closes any iterator still open when the store itself closes.
 */
final class RocksDbStoreIterator implements StoreIterator {

    private final StoreId id;
    private final ReadOptions readOptions;
    private final @Nullable Slice upperBound;
    private final RocksIterator iterator;
    private final Consumer<RocksDbStoreIterator> onClose;
    private boolean positioned;
    private boolean exhausted;
    private boolean closed;
    private byte @Nullable [] key;
    private byte @Nullable [] value;

    RocksDbStoreIterator(StoreId id, RocksDB db, byte[] prefix, Consumer<RocksDbStoreIterator> onClose) {
        this.id = id;
        this.onClose = onClose;
        byte[] bound = KeyPrefixes.upperBound(prefix);
        this.readOptions = new ReadOptions();
        // No bound means the prefix is empty or all 0xFF: every key from it to the end starts with it.
        this.upperBound = bound == null ? null : new Slice(bound);
        if (upperBound != null) {
            readOptions.setIterateUpperBound(upperBound);
        }
        this.iterator = db.newIterator(readOptions);
        iterator.seek(prefix);
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("Iterator over store " + id + " is closed");
        }
        if (exhausted) {
            return false;
        }
        if (positioned) {
            iterator.next();
        }
        positioned = true;
        if (iterator.isValid()) {
            key = iterator.key();
            value = iterator.value();
            return true;
        }
        exhausted = true;
        key = null;
        value = null;
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw new StateStoreException("RocksDB store " + id + " failed during a prefix scan: " + e.getMessage(), e);
        }
        return false;
    }

    @Override
    public byte[] key() {
        return current(key);
    }

    @Override
    public byte[] value() {
        return current(value);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            iterator.close();
            readOptions.close();
            if (upperBound != null) {
                upperBound.close();
            }
            onClose.accept(this);
        }
    }

    private byte[] current(byte @Nullable [] bytes) {
        if (bytes == null) {
            throw new NoSuchElementException("No current entry in scan of store " + id
                    + ": call next() and check it returned true");
        }
        return bytes;
    }
}
