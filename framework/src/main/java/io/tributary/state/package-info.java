/**
 * Keyed state: {@link io.tributary.state.ValueState}, {@link io.tributary.state.MapState} and
 * {@link io.tributary.state.ListState}, declared by named descriptors, scoped to the current key, backed by
 * RocksDB (or memory in tests) and a compacted changelog topic.
 */
@NullMarked
package io.tributary.state;

import org.jspecify.annotations.NullMarked;
