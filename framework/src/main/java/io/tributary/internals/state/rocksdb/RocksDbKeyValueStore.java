package io.tributary.internals.state.rocksdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StateStoreException;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreId;
import io.tributary.internals.state.StoreIterator;
import org.jspecify.annotations.Nullable;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB database holding the state of one processor for one partition.
 *
 * <p>Writes skip RocksDB's write-ahead log: the changelog is the log, as in Kafka Streams. The runtime stores its
 * changelog offset in the same batch as the data, and with one column family a flush persists whole batches, so a
 * crash leaves the state of an earlier commit together with that commit's offset, and the store restores what came
 * after from the changelog. A write then costs no log append; a crash costs a replay of up to the unflushed
 * memtables, which the runtime bounds in time with {@link #persistOlderThan}. Closing flushes them (forced on,
 * whatever the user's options say) and frees every native object the store created, including iterators still
 * open; the data stays on disk for the next open.
 */
final class RocksDbKeyValueStore implements KeyValueStore {

    private static final String TOTAL_SST_FILES_SIZE = "rocksdb.total-sst-files-size";
    private static final String CUR_SIZE_ALL_MEM_TABLES = "rocksdb.cur-size-all-mem-tables";
    private static final String ESTIMATE_NUM_KEYS = "rocksdb.estimate-num-keys";
    private static final long ALL_FLUSHED = Long.MIN_VALUE;

    private final StoreId id;
    private final RocksDbStoreOptions options;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final Set<RocksDbStoreIterator> openIterators = new HashSet<>();
    private final Runnable onClose;
    /** {@link System#nanoTime()} of the first write not yet asked to flush, or {@link #ALL_FLUSHED}. */
    private long oldestUnflushedNanos = ALL_FLUSHED;
    private boolean closed;

    private RocksDbKeyValueStore(StoreId id, RocksDbStoreOptions options, WriteOptions writeOptions, RocksDB db,
            Runnable onClose) {
        this.id = id;
        this.options = options;
        this.writeOptions = writeOptions;
        this.db = db;
        this.onClose = onClose;
    }

    /**
     * Opens, creating if missing, the database in {@code directory}; {@code onClose} runs once the store has closed.
     *
     * @throws IllegalArgumentException if the settings hold an unknown RocksDB option
     * @throws StateStoreException if RocksDB cannot open the database
     */
    static RocksDbKeyValueStore open(StoreId id, Path directory, RocksDbSharedResources shared, Runnable onClose) {
        RocksDbStoreOptions options = RocksDbStoreOptions.create(id, shared);
        WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);
        try {
            RocksDB db = RocksDB.open(options.options(), directory.toString());
            return new RocksDbKeyValueStore(id, options, writeOptions, db, onClose);
        } catch (RocksDBException e) {
            writeOptions.close();
            options.close();
            throw new StateStoreException(
                    "Cannot open RocksDB store " + id + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte @Nullable [] get(byte[] key) {
        ensureOpen("get");
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw failure("get a key", e);
        }
    }

    @Override
    public void write(StoreBatch batch) {
        ensureOpen("write");
        if (batch.isEmpty()) {
            return;
        }
        try (WriteBatch writeBatch = new WriteBatch()) {
            for (int i = 0; i < batch.size(); i++) {
                byte[] value = batch.value(i);
                if (value == null) {
                    writeBatch.delete(batch.key(i));
                } else {
                    writeBatch.put(batch.key(i), value);
                }
            }
            db.write(writeOptions, writeBatch);
        } catch (RocksDBException e) {
            throw failure("write a batch of " + batch.size() + " operations", e);
        }
        if (oldestUnflushedNanos == ALL_FLUSHED) {
            oldestUnflushedNanos = System.nanoTime();
        }
    }

    @Override
    public void persistOlderThan(long maxAgeNanos) {
        ensureOpen("flush");
        if (oldestUnflushedNanos == ALL_FLUSHED || System.nanoTime() - oldestUnflushedNanos < maxAgeNanos) {
            return;
        }
        // switches the memtable now and flushes it in the background, without waiting out a write stall: later
        // writes start a new age
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(false).setAllowWriteStall(true)) {
            db.flush(flush);
        } catch (RocksDBException e) {
            Status status = e.getStatus();
            if (status != null && status.getCode() == Status.Code.TryAgain) {
                // writes are stopped until compaction catches up: the age stays, the next call asks again
                return;
            }
            throw failure("flush", e);
        }
        oldestUnflushedNanos = ALL_FLUSHED;
    }

    @Override
    public StoreIterator prefixScan(byte[] prefix) {
        ensureOpen("prefixScan");
        RocksDbStoreIterator iterator = new RocksDbStoreIterator(id, db, prefix, openIterators::remove);
        openIterators.add(iterator);
        return iterator;
    }

    @Override
    public long approximateSizeBytes() {
        ensureOpen("approximateSizeBytes");
        return longProperty(TOTAL_SST_FILES_SIZE) + longProperty(CUR_SIZE_ALL_MEM_TABLES);
    }

    @Override
    public long approximateEntries() {
        ensureOpen("approximateEntries");
        return longProperty(ESTIMATE_NUM_KEYS);
    }

    /**
     * Closes open iterators, then the database, then its options: RocksDB requires iterators to go before the
     * database, and the options to outlive it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RocksDbStoreIterator iterator : new ArrayList<>(openIterators)) {
            iterator.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw failure("close", e);
        } finally {
            writeOptions.close();
            options.close();
            onClose.run();
        }
    }

    private long longProperty(String name) {
        try {
            return db.getLongProperty(name);
        } catch (RocksDBException e) {
            throw failure("read property " + name, e);
        }
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new IllegalStateException("Cannot " + operation + " on RocksDB store " + id + ": it is closed");
        }
    }

    private StateStoreException failure(String operation, RocksDBException e) {
        return new StateStoreException("RocksDB store " + id + " failed to " + operation + ": " + e.getMessage(), e);
    }
}
