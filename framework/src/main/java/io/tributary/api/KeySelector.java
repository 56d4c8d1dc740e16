package io.tributary.api;

import org.jspecify.annotations.Nullable;

/**
 * Picks the key that scopes state and timers from an input record. {@link KeySelectors} has the shipped
 * ones (record key, JSON field paths).
 *
 * <p>Returning {@code null} (or throwing) dead-letters the record with reason {@code missing-key}.
 *
 * @param <V> the input value type
 * @param <K> the key type
 */
@FunctionalInterface
public interface KeySelector<V, K> {

    @Nullable K selectKey(byte @Nullable [] recordKey, V value);
}
