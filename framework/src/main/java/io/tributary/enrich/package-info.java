/**
 * Asynchronous enrichment of JSON records from a REST API or any asynchronous lookup, without blocking the stream
 * and with exactly-once output: {@link io.tributary.enrich.Enrichment} builds the processor.
 */
@NullMarked
package io.tributary.enrich;

import org.jspecify.annotations.NullMarked;
