/**
 * Deduplication of JSON records within a scope of event time or processing time, with state evicted by timers:
 * {@link io.tributary.dedup.Deduplication} builds the processor.
 */
@NullMarked
package io.tributary.dedup;

import org.jspecify.annotations.NullMarked;
