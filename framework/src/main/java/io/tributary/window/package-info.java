/**
 * Event-time (and processing-time) window aggregations over JSON records, with Flink's semantics:
 * {@link io.tributary.window.WindowedAggregation} builds the processor; the window assigners
 * {@link io.tributary.window.TumblingWindows}, {@link io.tributary.window.SlidingWindows} and
 * {@link io.tributary.window.SessionWindows} say which windows a record belongs to; an
 * {@link io.tributary.window.AggregateFunction} (or the built-in {@link io.tributary.window.Aggregations})
 * says what is computed over them.
 */
@NullMarked
package io.tributary.window;

import org.jspecify.annotations.NullMarked;
