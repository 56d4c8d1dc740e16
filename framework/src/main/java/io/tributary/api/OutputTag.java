package io.tributary.api;

import java.util.Objects;
import java.util.regex.Pattern;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;

/**
 * Names a side output and the type and serde of its values; the {@link ProcessorDefinition} maps the name
 * to a topic. Equal by name.
 *
 * @param <T> the type of values sent to it
 */
public final class OutputTag<T> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private final Serde<T> serde;

    private OutputTag(String name, Serde<T> serde) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("side output name must match [A-Za-z0-9._-]{1,100}, got '" + name + "'");
        }
        this.name = name;
        this.serde = Objects.requireNonNull(serde, "serde");
    }

    /** A side output whose values are written as JSON. */
    public static <T> OutputTag<T> of(String name, Class<T> type) {
        return new OutputTag<>(name, Serdes.json(type));
    }

    /** A side output whose values are written with {@code serde}. */
    public static <T> OutputTag<T> of(String name, Serde<T> serde) {
        return new OutputTag<>(name, serde);
    }

    public String name() {
        return name;
    }

    public Serde<T> serde() {
        return serde;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OutputTag<?> tag && tag.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "OutputTag[" + name + "]";
    }
}
