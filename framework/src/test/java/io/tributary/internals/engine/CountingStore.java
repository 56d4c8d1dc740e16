package io.tributary.internals.engine;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import org.jspecify.annotations.Nullable;

/**
 * A store that counts its point reads, to show which accesses of a state reach the store, and remembers the age its
 * owner last asked it to persist beyond.
 */
public final class CountingStore implements KeyValueStore {

    private final KeyValueStore delegate;
    int gets;
    private volatile long persistedOlderThan = -1;

    public CountingStore(KeyValueStore delegate) {
        this.delegate = delegate;
    }

    /** The point reads so far, for tests outside the engine's package. */
    public int reads() {
        return gets;
    }

    /** The age last passed to {@link #persistOlderThan}, or -1 before the first call; safe from any thread. */
    public long persistedOlderThan() {
        return persistedOlderThan;
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
    public void persistOlderThan(long maxAgeNanos) {
        persistedOlderThan = maxAgeNanos;
        delegate.persistOlderThan(maxAgeNanos);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
