package io.tributary.internals.state;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/** Puts and deletes applied to a {@link KeyValueStore} in one atomic write, in the order added. */
public final class StoreBatch {

    // Two parallel arrays rather than two lists: a commit's batch is sized up front from the dirty counts, so the
    // hot commit path neither boxes nor grows.
    private byte[][] keys;
    private byte @Nullable [][] values;
    private int size;

    public StoreBatch() {
        this(16);
    }

    /** A batch with room for {@code expectedSize} changes before it grows. */
    public StoreBatch(int expectedSize) {
        int capacity = Math.max(expectedSize, 4);
        this.keys = new byte[capacity][];
        this.values = new byte[capacity][];
    }

    public StoreBatch put(byte[] key, byte[] value) {
        add(key, value);
        return this;
    }

    public StoreBatch delete(byte[] key) {
        add(key, null);
        return this;
    }

    private void add(byte[] key, byte @Nullable [] value) {
        if (size == keys.length) {
            int capacity = keys.length + (keys.length >> 1) + 1;
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        keys[size] = key;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public byte[] key(int index) {
        return keys[index(index)];
    }

    /** The value at {@code index}, or {@code null} for a delete. */
    public byte @Nullable [] value(int index) {
        return values[index(index)];
    }

    private int index(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for batch of " + size);
        }
        return index;
    }

    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }
}
