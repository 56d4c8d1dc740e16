package io.tributary.internals.state;

/**
 * Opens the store of one processor for one partition. One provider serves a whole runtime instance, so
 * it owns what stores share (RocksDB's block cache and write-buffer manager).
 *
 * <p>Thread-safe.
 */
public interface StoreProvider extends AutoCloseable {

    /** Opens, creating if needed, the store of {@code processor} for {@code partition}. */
    KeyValueStore open(String processor, int partition);

    /** Deletes the store's data, so the next open starts empty (and restores fully from the changelog). */
    void wipe(String processor, int partition);

    /** Closes shared resources; every store must be closed first. */
    @Override
    void close();
}
