package io.tributary.internals.engine;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A map from primitive {@code long} keys to non-null values, open-addressed with linear probing.
 *
 * <p>Exists so the marker state's per-record and per-key bookkeeping of expiry buckets ({@link MarkerBuckets}, the
 * writers of a flush in {@link CachedMarkerState}) looks a bucket up without boxing its number: a {@code
 * HashMap<Long, ?>} allocated a {@code Long} per lookup, tens of MiB per half a million records, for tables of some
 * 17 live entries. Grows past half full and never shrinks (its entries are few). Single-threaded.
 */
final class LongTable<V> {

    private static final int MIN_CAPACITY = 16;

    private long[] keys = new long[MIN_CAPACITY];
    // null marks a free slot
    private @Nullable Object[] values = new Object[MIN_CAPACITY];
    private int size;

    /** The value of {@code key}, or {@code null} when it has none. */
    @SuppressWarnings("unchecked")
    @Nullable V get(long key) {
        int mask = keys.length - 1;
        for (int slot = slotOf(key, mask); ; slot = (slot + 1) & mask) {
            Object value = values[slot];
            if (value == null) {
                return null;
            }
            if (keys[slot] == key) {
                return (V) value;
            }
        }
    }

    /** Maps {@code key} to {@code value}, replacing any value it had. */
    void put(long key, V value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int slot = slotOf(key, mask); ; slot = (slot + 1) & mask) {
            if (values[slot] == null) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return;
            }
            if (keys[slot] == key) {
                values[slot] = value;
                return;
            }
        }
    }

    /** Removes {@code key}; whether it had a value. */
    boolean remove(long key) {
        int mask = keys.length - 1;
        int slot = slotOf(key, mask);
        while (values[slot] != null && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (values[slot] == null) {
            return false;
        }
        // shift back the entries after it that probed past it, so every probe still finds its key without tombstones
        int hole = slot;
        for (int next = (hole + 1) & mask; values[next] != null; next = (next + 1) & mask) {
            int home = slotOf(keys[next], mask);
            // movable unless its home lies cyclically in (hole, next]
            boolean homeAfterHole = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeAfterHole) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
        }
        values[hole] = null;
        size--;
        return true;
    }

    int size() {
        return size;
    }

    /** Removes every entry, keeping the capacity. */
    void clear() {
        if (size > 0) {
            Arrays.fill(values, null);
            size = 0;
        }
    }

    /** The keys held, in ascending order. */
    long[] sortedKeys() {
        long[] sorted = new long[size];
        int count = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (values[slot] != null) {
                sorted[count++] = keys[slot];
            }
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** The number of slots, for tests of growth. */
    int capacity() {
        return keys.length;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        size = 0;
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldValues[slot] != null) {
                @SuppressWarnings("unchecked")
                V value = (V) oldValues[slot];
                put(oldKeys[slot], value);
            }
        }
    }

    private static int slotOf(long key, int mask) {
        // bucket numbers are consecutive: spread them so neighbours do not form one long probe run
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
}
