package io.tributary.api;

/** Where keyed state lives between commits. */
public enum StateBackend {
    /** RocksDB on local disk under the state directory (default): state larger than memory, fast restarts. */
    ROCKSDB,
    /** Heap memory; lost on restart and restored from the changelog. For tests and tiny state. */
    IN_MEMORY
}
