package io.tributary.internals.engine;

import java.util.Arrays;

/**
 * A binary min-heap of timers as two parallel arrays, times and handles of key bytes in {@link KeySlabs}, ordered like
 * {@link Timer}s (time, then key bytes unsigned).
 *
 * <p>Exists for derived timers ({@link DerivedTimers}), one per key a deduplication remembers: a {@code Timer} object
 * and a map node each cost some 80 bytes and kept the key object alive, where an entry here costs 16 bytes and a copy
 * of the key bytes in a slab, no object of its own for the collector to copy. Entries cannot be looked up or removed
 * except from the top. Single-threaded.
 */
final class DerivedTimerHeap {

    private static final int MIN_CAPACITY = 16;

    private long[] times = new long[MIN_CAPACITY];
    private long[] keys = new long[MIN_CAPACITY];
    private KeySlabs slabs = new KeySlabs();
    private int size;

    /** Adds a timer, copying {@code keyBytes}. */
    void add(long time, byte[] keyBytes) {
        if (size == times.length) {
            int capacity = size + (size >> 1) + 1;
            times = Arrays.copyOf(times, capacity);
            keys = Arrays.copyOf(keys, capacity);
        }
        long key = slabs.add(keyBytes);
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (compare(time, key, parent) >= 0) {
                break;
            }
            times[child] = times[parent];
            keys[child] = keys[parent];
            child = parent;
        }
        times[child] = time;
        keys[child] = key;
    }

    int size() {
        return size;
    }

    /** The earliest time; only when not empty. */
    long peekTime() {
        return times[0];
    }

    /** The length of the earliest timer's key; only when not empty. */
    int peekKeyLength() {
        return slabs.length(keys[0]);
    }

    /** Copies the key bytes of the earliest timer into {@code target}, of {@link #peekKeyLength}; when not empty. */
    void peekKey(byte[] target) {
        long key = keys[0];
        System.arraycopy(slabs.slab(key), slabs.start(key), target, 0, target.length);
    }

    /** Whether the earliest timer's key bytes equal {@code keyBytes}; only when not empty. */
    boolean peekKeyEquals(byte[] keyBytes) {
        return slabs.equals(keys[0], keyBytes);
    }

    /** The earliest timer's key bytes compared with {@code keyBytes}, unsigned; only when not empty. */
    int comparePeekKey(byte[] keyBytes) {
        return slabs.compare(keys[0], keyBytes);
    }

    /** Removes the earliest timer; only when not empty. */
    void poll() {
        slabs.release(keys[0]);
        int last = --size;
        long time = times[last];
        long key = keys[last];
        keys[last] = 0;
        if (last > 0) {
            siftDown(last, time, key);
        }
        shrinkIfSparse();
        compactIfWasteful();
    }

    /** Copies the live keys into new slabs once the fired ones take more room than they do. */
    private void compactIfWasteful() {
        if (slabs.wasteful()) {
            slabs = slabs.compact(keys, size);
        }
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

    /** The bytes of the slabs holding the keys, for tests of compaction. */
    long slabBytes() {
        return slabs.slabBytes();
    }

    private void siftDown(int last, long time, long key) {
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

    private int compare(long time, long key, int index) {
        int byTime = Long.compare(time, times[index]);
        return byTime != 0 ? byTime : slabs.compare(key, keys[index]);
    }
}
