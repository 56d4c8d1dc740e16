package io.tributary.state;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Names and types one piece of keyed state. Descriptors are immutable values; {@code withTtl} returns a copy.
 *
 * <p>The name identifies the state in the store and its changelog, so renaming a state loses its data.
 */
public abstract sealed class StateDescriptor permits ValueStateDescriptor, MapStateDescriptor, ListStateDescriptor {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private final @Nullable StateTtl ttl;

    StateDescriptor(String name, @Nullable StateTtl ttl) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "state name must be 1-100 characters of [A-Za-z0-9._-], got '" + name + "'");
        }
        this.name = name;
        this.ttl = ttl;
    }

    public String name() {
        return name;
    }

    public @Nullable StateTtl ttl() {
        return ttl;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (ttl == null ? "" : ", ttl=" + ttl) + "]";
    }
}
