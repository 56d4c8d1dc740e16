package io.tributary.internals.state.rocksdb;

import io.tributary.state.RocksDbSettings;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The native objects every store of one provider shares: the block cache and the write-buffer manager charged to
 * it, as in Kafka Streams' bounded-memory {@code RocksDBConfigSetter}.
 *
 * <p>Exists so the memory bound holds for the whole instance rather than per store: block cache, index and filter
 * blocks and memtables of every store are all charged to one cache of {@code memoryBudgetBytes}. Closed by the
 * provider after all its stores, since their options point at these objects.
 */
final class RocksDbSharedResources implements AutoCloseable {

    /** Share of the cache reserved for index and filter blocks, so data blocks cannot evict them. */
    static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDbSettings settings;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;

    RocksDbSharedResources(RocksDbSettings settings) {
        this.settings = settings;
        this.cache = new LRUCache(settings.memoryBudgetBytes(), -1, false, HIGH_PRIORITY_POOL_RATIO);
        long writeBufferBytes = (long) (settings.memoryBudgetBytes() * settings.writeBufferRatio());
        this.writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    }

    RocksDbSettings settings() {
        return settings;
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBufferManager() {
        return writeBufferManager;
    }

    @Override
    public void close() {
        writeBufferManager.close();
        cache.close();
    }
}
