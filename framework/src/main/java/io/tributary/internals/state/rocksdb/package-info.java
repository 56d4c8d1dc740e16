/**
 * The RocksDB state backend, and the only package that imports {@code org.rocksdb}: a store per processor and
 * partition under the state directory, all sharing one block cache and one write-buffer manager per provider so
 * the instance's off-heap memory stays within {@link io.tributary.state.RocksDbSettings#memoryBudgetBytes()}.
 */
@NullMarked
package io.tributary.internals.state.rocksdb;

import org.jspecify.annotations.NullMarked;
