package io.tributary.internals.engine;

import java.util.Arrays;

/**
 * A binary min-heap of timers as two parallel arrays, times and key bytes, ordered like {@link Timer}s (time, then
 * key bytes unsigned).
 *
 * <p>Exists for derived timers ({@link DerivedTimers}), one per key a deduplication remembers: a {@code Timer} object
 * and a map node each cost some 80 bytes and kept the key object alive, where an entry here costs 12 bytes beside the
 * key bytes its state holds already. Entries cannot be looked up or removed except from the top. Single-threaded.
 */
final class DerivedTimerHeap {

    private static final int MIN_CAPACITY = 16;

    private long[] times = new long[MIN_CAPACITY];
    private byte[][] keys = new byte[MIN_CAPACITY][];
    private int size;

    void add(long time, byte[] keyBytes) {
        if (size == times.length) {
            int capacity = size + (size >> 1) + 1;
            times = Arrays.copyOf(times, capacity);
            keys = Arrays.copyOf(keys, capacity);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (compare(time, keyBytes, parent) >= 0) {
                break;
            }
            times[child] = times[parent];
            keys[child] = keys[parent];
            child = parent;
        }
        times[child] = time;
        keys[child] = keyBytes;
    }

    int size() {
        return size;
    }

    /** The earliest time; only when not empty. */
    long peekTime() {
        return times[0];
    }

    /** The key bytes of the earliest timer; only when not empty. */
    byte[] peekKey() {
        return keys[0];
    }

    /** Removes the earliest timer; only when not empty. */
    void poll() {
        int last = --size;
        long time = times[last];
        byte[] key = keys[last];
        keys[last] = null;
        if (last > 0) {
            siftDown(last, time, key);
        }
        shrinkIfSparse();
    }

    /**
     * Halves the arrays once under a quarter is used, so the memory of a burst of timers is given back as they fire;
     * a half (not fitted) leaves room, so a heap at a steady size does not copy back and forth.
     */
    private void shrinkIfSparse() {
        if (times.length > MIN_CAPACITY && size < times.length / 4) {
            int capacity = Math.max(MIN_CAPACITY, times.length / 2);
            times = Arrays.copyOf(times, capacity);
            keys = Arrays.copyOf(keys, capacity);
        }
    }

    /** The length of the arrays, for tests of growth and shrinking. */
    int capacity() {
        return times.length;
    }

    private void siftDown(int last, long time, byte[] key) {
        int parent = 0;
        int half = last >>> 1;
        while (parent < half) {
            int child = 2 * parent + 1;
            int right = child + 1;
            if (right < last && compare(times[right], keys[right], child) < 0) {
                child = right;
            }
            if (compare(time, key, child) <= 0) {
                break;
            }
            times[parent] = times[child];
            keys[parent] = keys[child];
            parent = child;
        }
        times[parent] = time;
        keys[parent] = key;
    }

    private int compare(long time, byte[] key, int index) {
        int byTime = Long.compare(time, times[index]);
        return byTime != 0 ? byTime : Arrays.compareUnsigned(key, keys[index]);
    }
}
