package io.tributary.state;

import java.util.Objects;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;

/**
 * Declares a {@link MapState}. TTL applies to each map entry on its own.
 *
 * @param <UK> the map's key type
 * @param <UV> the map's value type
 */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor {

    private final Serde<UK> keySerde;
    private final Serde<UV> valueSerde;

    private MapStateDescriptor(String name, Serde<UK> keySerde, Serde<UV> valueSerde, @Nullable StateTtl ttl) {
        super(name, ttl);
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** A map state with JSON keys and values. */
    public static <UK, UV> MapStateDescriptor<UK, UV> of(String name, Class<UK> keyType, Class<UV> valueType) {
        return new MapStateDescriptor<>(name, Serdes.json(keyType), Serdes.json(valueType), null);
    }

    /** A map state with the given serdes. */
    public static <UK, UV> MapStateDescriptor<UK, UV> of(String name, Serde<UK> keySerde, Serde<UV> valueSerde) {
        return new MapStateDescriptor<>(name, keySerde, valueSerde, null);
    }

    /** A copy whose entries expire as {@code ttl} says. */
    public MapStateDescriptor<UK, UV> withTtl(StateTtl ttl) {
        return new MapStateDescriptor<>(name(), keySerde, valueSerde, Objects.requireNonNull(ttl, "ttl"));
    }

    public Serde<UK> keySerde() {
        return keySerde;
    }

    public Serde<UV> valueSerde() {
        return valueSerde;
    }
}
