package io.tributary.state;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A map per key, each entry stored on its own so large maps need not be read whole.
 *
 * @param <UK> the map's key type
 * @param <UV> the map's value type
 */
public interface MapState<UK, UV> extends State {

    @Nullable UV get(UK key);

    void put(UK key, UV value);

    void remove(UK key);

    boolean contains(UK key);

    /** A snapshot of the current key's entries; iteration order is unspecified. */
    Iterable<Map.Entry<UK, UV>> entries();

    boolean isEmpty();
}
