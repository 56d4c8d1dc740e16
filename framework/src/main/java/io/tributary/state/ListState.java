package io.tributary.state;

import java.util.List;

/**
 * A list per key, kept in insertion order.
 *
 * @param <T> the element type
 */
public interface ListState<T> extends State {

    /** A snapshot of the current key's elements; empty when there are none. */
    List<T> get();

    void add(T value);

    /** Replaces the current key's elements; an empty list clears them. */
    void update(List<T> values);
}
