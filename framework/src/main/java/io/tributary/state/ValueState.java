package io.tributary.state;

import org.jspecify.annotations.Nullable;

/**
 * One value per key.
 *
 * @param <T> the value type
 */
public interface ValueState<T> extends State {

    /** The current key's value, or {@code null} when there is none (or it expired). */
    @Nullable T value();

    /** Sets the current key's value; {@code null} clears it. */
    void update(@Nullable T value);
}
