package io.tributary.internals.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.serde.Serde;
import io.tributary.state.ListState;

/** {@link ListState} over the task's write-back cache; a list is stored as one entry of length-prefixed elements. */
final class CachedListState<T> extends PerKeyCache<List<T>> implements ListState<T> {

    private final Serde<T> serde;

    CachedListState(String name, Serde<T> serde, KeyContext keyContext, TaskClock clock, TtlPolicy ttl,
            KeyValueStore store) {
        super(name, keyContext, clock, ttl, store);
        this.serde = serde;
    }

    @Override
    public List<T> get() {
        List<T> values = read();
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public void add(T value) {
        List<T> values = read();
        List<T> updated = values == null ? new ArrayList<>() : values;
        updated.add(value);
        write(updated);
    }

    @Override
    public void update(List<T> values) {
        write(values.isEmpty() ? null : new ArrayList<>(values));
    }

    @Override
    public void clear() {
        write(null);
    }

    @Override
    byte[] encodePayload(List<T> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] length = new byte[4];
        for (T value : values) {
            byte[] bytes = serde.serialize(value);
            StoreKeys.putInt(length, 0, bytes.length);
            out.writeBytes(length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Override
    List<T> decodePayload(byte[] payload) {
        List<T> values = new ArrayList<>();
        int at = 0;
        while (at < payload.length) {
            int length = StoreKeys.getInt(payload, at);
            byte[] bytes = new byte[length];
            System.arraycopy(payload, at + 4, bytes, 0, length);
            values.add(serde.deserialize(bytes));
            at += 4 + length;
        }
        return values;
    }
}
