/**
 * The live page at {@code /}: throughput, partitions, the latest window results per symbol and the duplicate, late
 * and dead-letter counts, pushed to the browser as server-sent events. On with {@code ticker.dashboard.enabled=true},
 * which the {@code dev} profile sets.
 */
@NullMarked
package io.tributary.samples.stockticker.dashboard;

import org.jspecify.annotations.NullMarked;
