/**
 * The state-store SPI the runtime writes committed state into: {@link io.tributary.internals.state.StoreProvider}
 * opens a byte-ordered {@link io.tributary.internals.state.KeyValueStore} per processor and partition. Backends
 * live in {@code memory} (tests) and {@code rocksdb} (production, the only package that imports RocksDB).
 */
@NullMarked
package io.tributary.internals.state;

import org.jspecify.annotations.NullMarked;
