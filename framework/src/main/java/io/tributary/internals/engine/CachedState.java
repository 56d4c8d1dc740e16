package io.tributary.internals.engine;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;

/**
 * The write-back cache in front of one state's entries in the task's store. Reads that miss load from the
 * store (absent entries are cached too); writes only mark entries dirty. At commit the dirty entries are
 * written once each into the commit's batch, which goes to the changelog and, after the transaction
 * commits, to the store: a hot key costs one changelog record per commit however often it changes.
 */
abstract class CachedState {

    protected final String name;
    protected final byte[] prefix;
    protected final KeyContext keyContext;
    protected final TaskClock clock;
    protected final TtlPolicy ttl;
    protected KeyValueStore store;

    CachedState(String name, KeyContext keyContext, TaskClock clock, TtlPolicy ttl, KeyValueStore store) {
        this.name = name;
        this.prefix = StoreKeys.statePrefix(name);
        this.keyContext = keyContext;
        this.clock = clock;
        this.ttl = ttl;
        this.store = store;
    }

    String name() {
        return name;
    }

    /** Writes every dirty entry into {@code batch} and marks it clean. */
    abstract void flushTo(StoreBatch batch);

    /** Number of dirty entries. */
    abstract int dirtyCount();

    /** Number of cached entries, dirty or clean. */
    abstract int cachedCount();

    /** Called once the flushed batch is in the store: forgets what the cache no longer needs to hold. */
    void committed() {
    }

    /** Forgets clean entries (they are in the store). Called only right after a flush. */
    abstract void evictClean();

    /**
     * Deletes, through the cache, every stored entry whose TTL has passed, so expired state leaves the
     * store and (by tombstone) the changelog. Returns how many were deleted.
     */
    int evictExpired() {
        if (!ttl.enabled()) {
            return 0;
        }
        java.util.List<byte[]> expired = new java.util.ArrayList<>();
        try (StoreIterator it = store.prefixScan(prefix)) {
            while (it.next()) {
                if (ttl.isExpired(ttl.expiryOf(it.value()), clock)) {
                    expired.add(it.key());
                }
            }
        }
        return expired.isEmpty() ? 0 : expireStored(expired);
    }

    /**
     * The committed value of this state for the key serialized as {@code keyBytes}, read from the store only (never
     * the cache, which may hold writes a failed commit would roll back), expired entries left out; {@code null} when
     * there is none. For state queries: the caller must keep the task's thread out of the store meanwhile.
     */
    abstract @org.jspecify.annotations.Nullable Object readCommitted(byte[] keyBytes);

    /**
     * Deletes the entries stored under {@code storeKeys}, except where the cache holds a newer write;
     * returns how many were deleted. Indexes the cache once, so the cost is linear in cache plus keys.
     */
    abstract int expireStored(java.util.List<byte[]> storeKeys);
}
