package io.tributary.state;

import java.util.Map;
import java.util.Objects;

/**
 * Tuning of the RocksDB state backend for a whole runtime instance.
 *
 * <p>All stores of an instance share one block cache and one write-buffer manager charged to that cache,
 * so their off-heap memory stays within {@code memoryBudgetBytes} however many partitions it holds.
 *
 * @param memoryBudgetBytes off-heap memory for block cache and memtables of all stores; positive
 * @param writeBufferRatio the share of the budget memtables may take, in (0, 1)
 * @param blockSizeBytes the SST block size
 * @param options further RocksDB options by their RocksDB names ({@code "max_write_buffer_number" -> "3"}),
 *        applied to every store's column family (or DB options, where the name is one)
 */
public record RocksDbSettings(long memoryBudgetBytes, double writeBufferRatio, long blockSizeBytes,
        Map<String, String> options) {

    public static final long DEFAULT_MEMORY_BUDGET = 256L * 1024 * 1024;

    public RocksDbSettings {
        if (memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException(
                    "RocksDB memory budget must be positive, got " + memoryBudgetBytes + "; set it to e.g. 256MB");
        }
        if (!(writeBufferRatio > 0 && writeBufferRatio < 1)) {
            throw new IllegalArgumentException(
                    "RocksDB write-buffer ratio must be between 0 and 1, got " + writeBufferRatio + "; e.g. 0.25");
        }
        if (blockSizeBytes <= 0) {
            throw new IllegalArgumentException("RocksDB block size must be positive, got " + blockSizeBytes);
        }
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
    }

    /**
     * Share of the budget for memtables by default: 1/16, 16 MiB of the default budget, what one Kafka Streams store
     * gets by default. Memtables are allocated by malloc, and glibc keeps their arenas resident after a flush frees
     * them, so the instance's RSS follows the memtable bound: at a quarter (64 MiB) the dedup benchmark's malloc arenas
     * held 49 MiB more (RSS 545 against 499 MiB at 1M records), at the same throughput.
     */
    public static final double DEFAULT_WRITE_BUFFER_RATIO = 0.0625;

    /** 256 MiB for the instance, {@link #DEFAULT_WRITE_BUFFER_RATIO} of it for memtables, 16 KiB blocks. */
    public static RocksDbSettings defaults() {
        return new RocksDbSettings(DEFAULT_MEMORY_BUDGET, DEFAULT_WRITE_BUFFER_RATIO, 16 * 1024, Map.of());
    }

    public RocksDbSettings withMemoryBudget(long bytes) {
        return new RocksDbSettings(bytes, writeBufferRatio, blockSizeBytes, options);
    }

    public RocksDbSettings withOptions(Map<String, String> rocksDbOptions) {
        return new RocksDbSettings(memoryBudgetBytes, writeBufferRatio, blockSizeBytes, rocksDbOptions);
    }
}
