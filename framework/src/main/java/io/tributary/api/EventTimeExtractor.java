package io.tributary.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Reads a record's event time. {@link EventTimeExtractors} has the shipped ones (the Kafka record
 * timestamp; a JSON field holding an ISO-8601 instant or epoch milliseconds).
 *
 * <p>Returning {@code null} (or throwing) dead-letters the record with reason {@code missing-timestamp}.
 *
 * @param <V> the input value type
 */
@FunctionalInterface
public interface EventTimeExtractor<V> {

    @Nullable Instant extract(V value, Instant recordTimestamp);
}
