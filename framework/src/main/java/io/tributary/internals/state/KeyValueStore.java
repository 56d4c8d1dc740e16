package io.tributary.internals.state;

import org.jspecify.annotations.Nullable;

/**
 * A byte-ordered key-value store holding the state of one processor for one partition: the layer the
 * write-back cache flushes into. Keys compare as unsigned bytes.
 *
 * <p>Used by one thread at a time. The runtime writes only committed data, in batches, so a store is
 * always a prefix of its changelog; after a crash, possibly a shorter one than its last commit wrote (see
 * {@link #persistOlderThan}).
 */
public interface KeyValueStore extends AutoCloseable {

    byte @Nullable [] get(byte[] key);

    /** Applies all puts and deletes of {@code batch} atomically. */
    void write(StoreBatch batch);

    /** Entries whose key starts with {@code prefix}, in key order. The caller closes the iterator. */
    StoreIterator prefixScan(byte[] prefix);

    /** Approximate bytes used on disk and in memory tables. */
    long approximateSizeBytes();

    /** Approximate number of live entries. */
    long approximateEntries();

    /**
     * Starts making durable what was written {@code maxAgeNanos} or more ago and is not yet, without waiting for it,
     * so that a crash takes the store back about that far at most. A store that keeps no unflushed writes does
     * nothing. It matters because a replay from an old changelog offset can miss deletes that compaction has since
     * removed.
     */
    default void persistOlderThan(long maxAgeNanos) {
    }

    /** Releases the store; data stays on disk for the next open. */
    @Override
    void close();
}
