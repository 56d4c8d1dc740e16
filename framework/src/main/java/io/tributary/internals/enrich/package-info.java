/**
 * Internals of asynchronous enrichment: the operator that holds records while their lookups run, the buffers that
 * put results back in order, the URL template, the merge of looked-up fields, and the non-blocking composition of
 * resilience4j's circuit breaker, retry, rate limiter, bulkhead and time limiter.
 */
@NullMarked
package io.tributary.internals.enrich;

import org.jspecify.annotations.NullMarked;
