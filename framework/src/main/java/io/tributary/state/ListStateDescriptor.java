package io.tributary.state;

import java.util.Objects;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;

/**
 * Declares a {@link ListState}. TTL applies to the list as a whole.
 *
 * @param <T> the element type
 */
public final class ListStateDescriptor<T> extends StateDescriptor {

    private final Serde<T> elementSerde;

    private ListStateDescriptor(String name, Serde<T> elementSerde, @Nullable StateTtl ttl) {
        super(name, ttl);
        this.elementSerde = Objects.requireNonNull(elementSerde, "elementSerde");
    }

    /** A list state with JSON elements. */
    public static <T> ListStateDescriptor<T> of(String name, Class<T> elementType) {
        return new ListStateDescriptor<>(name, Serdes.json(elementType), null);
    }

    /** A list state with the given element serde. */
    public static <T> ListStateDescriptor<T> of(String name, Serde<T> elementSerde) {
        return new ListStateDescriptor<>(name, elementSerde, null);
    }

    /** A copy whose lists expire as {@code ttl} says. */
    public ListStateDescriptor<T> withTtl(StateTtl ttl) {
        return new ListStateDescriptor<>(name(), elementSerde, Objects.requireNonNull(ttl, "ttl"));
    }

    public Serde<T> elementSerde() {
        return elementSerde;
    }
}
