package io.tributary.internals.engine;

import java.util.Arrays;

/**
 * An open-addressing hash table from serialized keys to one {@code long} and a few flag bits, in parallel arrays:
 * no object per entry besides the key bytes, which the caller shares with the timers it derives.
 *
 * <p>Exists for {@link CachedMarkerState}: a deduplication remembers every key of its scope, hundreds of thousands
 * per task, and a {@code HashMap} of boxed entries cost several objects and cache misses per key. Linear probing with
 * backward-shift deletion, so no tombstones pile up as keys come and go. Slots move when the table grows or an entry
 * is removed: a slot is valid only until the next {@link #insert} or {@link #remove}. Single-threaded.
 */
final class MarkerTable {

    private static final int MIN_CAPACITY = 16;

    private byte[][] keys = new byte[MIN_CAPACITY][];
    // each key's hash, so probes compare keys only on equal hashes and moves never hash again
    private int[] hashes = new int[MIN_CAPACITY];
    private long[] values = new long[MIN_CAPACITY];
    private byte[] flags = new byte[MIN_CAPACITY];
    private int size;

    /** The slot of {@code key}, or -1 when absent. */
    int find(byte[] key) {
        return find(key, hash(key));
    }

    /** The slot of {@code key}, whose {@link #hash} is {@code hash}, or -1 when absent. */
    int find(byte[] key, int hash) {
        int mask = keys.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] candidate = keys[slot];
            if (candidate == null) {
                return -1;
            }
            // the very array when the caller holds the table's key (a state flushing its dirty keys)
            if (candidate == key || hashes[slot] == hash && Arrays.equals(candidate, key)) {
                return slot;
            }
        }
    }

    /** The slot of {@code key}, added with value 0 and no flags when absent. */
    int insert(byte[] key) {
        return insert(key, hash(key));
    }

    /** As {@link #insert(byte[])}, with the key's {@link #hash}. */
    int insert(byte[] key, int hash) {
        int slot = find(key, hash);
        if (slot >= 0) {
            return slot;
        }
        // at most 2/3 full, so probes stay short
        if (3 * (size + 1) > 2 * keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = hash;
        values[slot] = 0;
        flags[slot] = 0;
        size++;
        return slot;
    }

    /** Removes the entry at {@code slot}, moving back the entries that probed past it. */
    void remove(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = hashes[next] & mask;
            // the entry at next may fill the hole if its home is not cyclically within (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                keys[hole] = keys[next];
                hashes[hole] = hashes[next];
                values[hole] = values[next];
                flags[hole] = flags[next];
                hole = next;
            }
        }
        keys[hole] = null;
        values[hole] = 0;
        flags[hole] = 0;
        size--;
    }

    byte[] key(int slot) {
        return keys[slot];
    }

    long value(int slot) {
        return values[slot];
    }

    void value(int slot, long value) {
        values[slot] = value;
    }

    int flags(int slot) {
        return flags[slot];
    }

    void flags(int slot, int value) {
        flags[slot] = (byte) value;
    }

    int size() {
        return size;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldValues = values;
        byte[] oldFlags = flags;
        int capacity = oldKeys.length * 2;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        values = new long[capacity];
        flags = new byte[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] key = oldKeys[i];
            if (key != null) {
                int slot = oldHashes[i] & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
                flags[slot] = oldFlags[i];
            }
        }
    }

    static int hash(byte[] key) {
        // spread the bits: keys differing only in their last bytes (a timestamp) hash to nearby values
        int hash = Arrays.hashCode(key) * 0x9E3779B9;
        return hash ^ (hash >>> 16);
    }
}
