package io.tributary.internals.state.rocksdb;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.tributary.internals.state.StoreId;
import io.tributary.state.RocksDbSettings;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksObject;

/**
 * The {@link Options} of one store and the native objects they hold, built from {@link RocksDbSettings} and wired
 * to the provider's shared cache and write-buffer manager.
 *
 * <p>Exists to keep option assembly, and the validation of user-supplied option names, out of the store. The
 * user's {@link RocksDbSettings#options()} are applied first; the settings that bound memory (table format with the
 * shared cache, write-buffer manager), {@code create_if_missing} and {@code avoid_flush_during_shutdown=false} (the
 * store writes no log, so a close must flush) are then forced, and LZ4 compression is the
 * default unless the user set {@code compression}. The store closes this after the database.
 */
final class RocksDbStoreOptions implements AutoCloseable {

    private static final double BLOOM_BITS_PER_KEY = 10;
    private static final String COMPRESSION = "compression";

    private final Options options;
    private final BloomFilter filter;

    private RocksDbStoreOptions(Options options, BloomFilter filter) {
        this.options = options;
        this.filter = filter;
    }

    /**
     * Builds the options of store {@code id}.
     *
     * @throws IllegalArgumentException if an entry of {@link RocksDbSettings#options()} is neither a DB nor a
     *         column-family option, or its value does not parse
     */
    static RocksDbStoreOptions create(StoreId id, RocksDbSharedResources shared) {
        RocksDbSettings settings = shared.settings();
        Options options = userOptions(id, settings.options());
        BloomFilter filter = new BloomFilter(BLOOM_BITS_PER_KEY);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(shared.cache())
                .setBlockSize(settings.blockSizeBytes())
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setFilterPolicy(filter);
        // without a write-ahead log, a close that skipped the flush would drop the memtables on every restart
        options.setCreateIfMissing(true)
                .setAvoidFlushDuringShutdown(false)
                .setWriteBufferManager(shared.writeBufferManager())
                .setTableFormatConfig(table);
        if (!settings.options().containsKey(COMPRESSION)) {
            options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        }
        return new RocksDbStoreOptions(options, filter);
    }

    Options options() {
        return options;
    }

    /** Frees the options and the filter; call only after the database using them is closed. */
    @Override
    public void close() {
        options.close();
        filter.close();
    }

    /**
     * RocksDB parses DB and column-family options separately and rejects any name the other owns, so each entry is
     * tried on its own first: that sorts it into one kind and lets the error name the offending entry.
     */
    private static Options userOptions(StoreId id, Map<String, String> userOptions) {
        Properties dbProps = new Properties();
        Properties cfProps = new Properties();
        try (ConfigOptions strict = new ConfigOptions().setIgnoreUnknownOptions(false)) {
            for (Map.Entry<String, String> entry : new TreeMap<>(userOptions).entrySet()) {
                Properties single = new Properties();
                single.setProperty(entry.getKey(), entry.getValue());
                if (parses(DBOptions.getDBOptionsFromProps(strict, single))) {
                    dbProps.setProperty(entry.getKey(), entry.getValue());
                } else if (parses(ColumnFamilyOptions.getColumnFamilyOptionsFromProps(strict, single))) {
                    cfProps.setProperty(entry.getKey(), entry.getValue());
                } else {
                    throw new IllegalArgumentException("Cannot open RocksDB store " + id + ": unknown RocksDB option '"
                            + entry.getKey() + "' (value '" + entry.getValue() + "'), or a value RocksDB cannot parse;"
                            + " use a DBOptions or ColumnFamilyOptions name from RocksDB's OPTIONS file,"
                            + " e.g. max_write_buffer_number=3");
                }
            }
            DBOptions dbOptions = dbProps.isEmpty() ? new DBOptions() : DBOptions.getDBOptionsFromProps(strict, dbProps);
            ColumnFamilyOptions cfOptions = cfProps.isEmpty()
                    ? new ColumnFamilyOptions()
                    : ColumnFamilyOptions.getColumnFamilyOptionsFromProps(strict, cfProps);
            try {
                if (dbOptions == null || cfOptions == null) {
                    throw new IllegalArgumentException("Cannot open RocksDB store " + id + ": RocksDB rejects options "
                            + userOptions + " together though it accepts each alone; check they are compatible");
                }
                return new Options(dbOptions, cfOptions);
            } finally {
                closeIfPresent(dbOptions);
                closeIfPresent(cfOptions);
            }
        }
    }

    private static boolean parses(@Nullable RocksObject parsed) {
        closeIfPresent(parsed);
        return parsed != null;
    }

    private static void closeIfPresent(@Nullable RocksObject object) {
        if (object != null) {
            object.close();
        }
    }
}
