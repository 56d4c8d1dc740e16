package io.tributary.internals.engine;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.serde.Serde;
import io.tributary.state.ValueState;
import org.jspecify.annotations.Nullable;

/** {@link ValueState} over the task's write-back cache. */
final class CachedValueState<T> extends PerKeyCache<T> implements ValueState<T> {

    private final Serde<T> serde;

    CachedValueState(String name, Serde<T> serde, KeyContext keyContext, TaskClock clock, TtlPolicy ttl,
            KeyValueStore store) {
        super(name, keyContext, clock, ttl, store);
        this.serde = serde;
    }

    @Override
    public @Nullable T value() {
        return read();
    }

    @Override
    public void update(@Nullable T value) {
        write(value);
    }

    @Override
    public void clear() {
        write(null);
    }

    @Override
    byte[] encodePayload(T value) {
        return serde.serialize(value);
    }

    @Override
    T decodePayload(byte[] payload) {
        return serde.deserialize(payload);
    }
}
