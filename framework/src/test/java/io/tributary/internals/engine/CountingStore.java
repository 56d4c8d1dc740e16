package io.tributary.internals.engine;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import org.jspecify.annotations.Nullable;

/** A store that counts its point reads, to show which accesses of a state reach the store. */
public final class CountingStore implements KeyValueStore {

    private final KeyValueStore delegate;
    int gets;

    public CountingStore(KeyValueStore delegate) {
        this.delegate = delegate;
    }

    /** The point reads so far, for tests outside the engine's package. */
    public int reads() {
        return gets;
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
