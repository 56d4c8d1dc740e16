package io.tributary.internals.state;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Puts and deletes applied to a {@link KeyValueStore} in one atomic write, in the order added. */
public final class StoreBatch {

    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte @Nullable []> values = new ArrayList<>();

    public StoreBatch put(byte[] key, byte[] value) {
        keys.add(key);
        values.add(value);
        return this;
    }

    public StoreBatch delete(byte[] key) {
        keys.add(key);
        values.add(null);
        return this;
    }

    public int size() {
        return keys.size();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public byte[] key(int index) {
        return keys.get(index);
    }

    /** The value at {@code index}, or {@code null} for a delete. */
    public byte @Nullable [] value(int index) {
        return values.get(index);
    }

    public void clear() {
        keys.clear();
        values.clear();
    }
}
