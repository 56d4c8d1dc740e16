/**
 * A heap-backed state store for tests and tiny deployments: same ordering, batching and reopen semantics as the
 * RocksDB backend, without native code or disk.
 */
@NullMarked
package io.tributary.internals.state.memory;

import org.jspecify.annotations.NullMarked;
