package io.tributary.state;

import java.util.Objects;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;

/**
 * Declares a {@link ValueState}.
 *
 * @param <T> the value type
 */
public final class ValueStateDescriptor<T> extends StateDescriptor {

    private final Serde<T> serde;

    private ValueStateDescriptor(String name, Serde<T> serde, @Nullable StateTtl ttl) {
        super(name, ttl);
        this.serde = Objects.requireNonNull(serde, "serde");
    }

    /** A value state stored as JSON. */
    public static <T> ValueStateDescriptor<T> of(String name, Class<T> type) {
        return new ValueStateDescriptor<>(name, Serdes.json(type), null);
    }

    /** A value state stored with the given serde. */
    public static <T> ValueStateDescriptor<T> of(String name, Serde<T> serde) {
        return new ValueStateDescriptor<>(name, serde, null);
    }

    /** A copy whose entries expire as {@code ttl} says. */
    public ValueStateDescriptor<T> withTtl(StateTtl ttl) {
        return new ValueStateDescriptor<>(name(), serde, Objects.requireNonNull(ttl, "ttl"));
    }

    public Serde<T> serde() {
        return serde;
    }
}
