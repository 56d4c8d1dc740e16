package io.tributary.internals.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

import static io.tributary.internals.engine.SlotPages.PAGE_MASK;
import static io.tributary.internals.engine.SlotPages.PAGE_SHIFT;

/**
 * An open-addressing hash table from serialized keys to one {@code long} and a few flag bits, in parallel arrays:
 * no object per entry, the key bytes copied into {@link KeySlabs} and each slot holding its key's handle.
 *
 * <p>Exists for {@link CachedMarkerState}: a deduplication remembers every key of its scope, hundreds of thousands
 * per task, and a {@code HashMap} of boxed entries cost several objects and cache misses per key. Linear probing with
 * backward-shift deletion, so no tombstones pile up as keys come and go. Slots move when the table grows or an entry
 * is removed: a slot is valid only until the next {@link #insert}, {@link #remove} or {@link #shrinkIfSparse}. A key's
 * handle stays valid until {@link #compactIfWasteful}, which its owner calls where it holds none, as it calls {@link
 * #shrinkIfSparse}. Single-threaded.
 *
 * <p>Each array is kept in pages of at most 256 KiB ({@link SlotPages}), a small table in one small page: as one
 * array each, the {@code long}s of the 65,536 slots a task's table reaches at benchmark scale took 512 KiB, a
 * humongous object under G1's 1 MiB regions, and a table growing through such arrays started marking cycles whose
 * heap resizing made the footprint vary. A probe step finds its page and offset once, one more load than an array.
 *
 * <p>Keys are often client-supplied (a dedup id), so the hash is a seeded 64-bit mix over the bytes (murmur3-style,
 * one random seed per table), not {@code Arrays.hashCode}: sets of colliding keys for that are trivial to build
 * ({@code "Aa"} and {@code "BB"} collide, and so does every concatenation of them), and a flood of them turns every
 * probe into a scan of the whole table.
 */
final class MarkerTable {

    private static final int MIN_CAPACITY = 16;
    /** The largest power-of-two slot number an {@code int} holds (and once the largest array Java allocates). */
    static final int MAX_CAPACITY = 1 << 30;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private final long seed = ThreadLocalRandom.current().nextLong();

    // by page, as laid out by SlotPages: each slot's key handle in slabs, 0 when the slot is empty
    private long[][] keys = SlotPages.longs(MIN_CAPACITY);
    private KeySlabs slabs = new KeySlabs();
    private int compactions;
    // each key's hash, so probes compare keys only on equal hashes and moves never hash again
    private int[][] hashes = SlotPages.ints(MIN_CAPACITY);
    private long[][] values = SlotPages.longs(MIN_CAPACITY);
    private byte[][] flags = SlotPages.bytes(MIN_CAPACITY);
    private int capacity = MIN_CAPACITY;
    private int size;

    /** The slot of {@code key}, or -1 when absent. */
    int find(byte[] key) {
        return find(key, hash(key));
    }

    /** The slot of {@code key}, whose {@link #hash} is {@code hash}, or -1 when absent. */
    int find(byte[] key, int hash) {
        int slot = probe(key, hash);
        return slot >= 0 ? slot : -1;
    }

    /** The slot of {@code key}, or when absent -1 minus the empty slot its probe ended at, where it would go. */
    private int probe(byte[] key, int hash) {
        long[][] keyPages = keys;
        int[][] hashPages = hashes;
        int mask = capacity - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int page = slot >>> PAGE_SHIFT;
            int at = slot & PAGE_MASK;
            long candidate = keyPages[page][at];
            if (candidate == 0) {
                return -1 - slot;
            }
            if (hashPages[page][at] == hash && slabs.equals(candidate, key)) {
                return slot;
            }
        }
    }

    /** The slot of the key under {@code handle}, whose {@link #hash} is {@code hash}, or -1 when absent. */
    int findHandle(long handle, int hash) {
        long[][] keyPages = keys;
        int mask = capacity - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long candidate = keyPages[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
            if (candidate == 0) {
                return -1;
            }
            if (candidate == handle) {
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
        int slot = probe(key, hash);
        if (slot >= 0) {
            return slot;
        }
        slot = -1 - slot;
        // at most 2/3 full, so probes stay short
        if (3L * (size + 1) > 2L * capacity) {
            resize(grownCapacity(capacity));
            slot = freeSlot(keys, hash, capacity - 1);
        }
        int page = slot >>> PAGE_SHIFT;
        int at = slot & PAGE_MASK;
        keys[page][at] = slabs.add(key);
        hashes[page][at] = hash;
        values[page][at] = 0;
        flags[page][at] = 0;
        size++;
        return slot;
    }

    /** Removes the entry at {@code slot}, moving back the entries that probed past it. */
    void remove(int slot) {
        int mask = capacity - 1;
        int hole = slot;
        int holePage = hole >>> PAGE_SHIFT;
        int holeAt = hole & PAGE_MASK;
        slabs.release(keys[holePage][holeAt]);
        for (int next = (hole + 1) & mask; ; next = (next + 1) & mask) {
            int page = next >>> PAGE_SHIFT;
            int at = next & PAGE_MASK;
            long key = keys[page][at];
            if (key == 0) {
                break;
            }
            int hash = hashes[page][at];
            int home = hash & mask;
            // the entry at next may fill the hole if its home is not cyclically within (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                keys[holePage][holeAt] = key;
                hashes[holePage][holeAt] = hash;
                values[holePage][holeAt] = values[page][at];
                flags[holePage][holeAt] = flags[page][at];
                hole = next;
                holePage = page;
                holeAt = at;
            }
        }
        keys[holePage][holeAt] = 0;
        values[holePage][holeAt] = 0;
        flags[holePage][holeAt] = 0;
        size--;
    }

    /** A new array holding the key at {@code slot}. */
    byte[] key(int slot) {
        return slabs.copy(handle(slot));
    }

    /** The handle of the key at {@code slot} in {@link #slabs}, valid until {@link #compactIfWasteful}. */
    long handle(int slot) {
        return keys[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
    }

    /** Where the keys' bytes are, for reading them by {@link #handle} without a copy. */
    KeySlabs slabs() {
        return slabs;
    }

    /** The {@link #hash} of the key at {@code slot}. */
    int slotHash(int slot) {
        return hashes[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
    }

    /** Whether {@code slot} holds a key, for walking all slots up to {@link #capacity}. */
    boolean occupied(int slot) {
        return handle(slot) != 0;
    }

    long value(int slot) {
        return values[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
    }

    void value(int slot, long value) {
        values[slot >>> PAGE_SHIFT][slot & PAGE_MASK] = value;
    }

    int flags(int slot) {
        return flags[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
    }

    void flags(int slot, int value) {
        flags[slot >>> PAGE_SHIFT][slot & PAGE_MASK] = (byte) value;
    }

    int size() {
        return size;
    }

    /**
     * Shrinks the arrays after a burst of keys has gone: when fewer than an eighth of the slots are used, to the
     * smallest capacity at which they fill at least an eighth (so a table at a steady size does not resize back and
     * forth). Moves slots; called where none is held, at a flush.
     */
    void shrinkIfSparse() {
        int shrunk = capacity;
        while (shrunk > MIN_CAPACITY && size < shrunk / 8) {
            shrunk /= 2;
        }
        if (shrunk != capacity) {
            resize(shrunk);
        }
    }

    /**
     * Copies the live keys into new slabs when the removed ones take more room than they do, so the slabs stay within
     * about twice the live keys. Changes every handle; called where none is held, at a flush.
     */
    void compactIfWasteful() {
        if (!slabs.wasteful()) {
            return;
        }
        slabs = slabs.compact(keys);
        compactions++;
    }

    /** How many times the slabs were compacted, for tests. */
    int compactions() {
        return compactions;
    }

    /** The capacity after {@code capacity} when full; fails plainly past the largest array instead of overflowing. */
    static int grownCapacity(int capacity) {
        if (capacity >= MAX_CAPACITY) {
            throw new IllegalStateException("marker table full: it cannot grow past " + MAX_CAPACITY + " slots ("
                    + (2 * (long) MAX_CAPACITY / 3) + " keys); deduplicate over fewer keys per task (a shorter "
                    + "window or more partitions)");
        }
        return capacity * 2;
    }

    /** The number of slots, for walking them and for tests of growth and shrinking. */
    int capacity() {
        return capacity;
    }

    /** The longest distance of an entry from its home slot, for tests of how keys spread. */
    int maxProbeLength() {
        int mask = capacity - 1;
        int longest = 0;
        for (int slot = 0; slot < capacity; slot++) {
            if (occupied(slot)) {
                longest = Math.max(longest, (slot - (slotHash(slot) & mask)) & mask);
            }
        }
        return longest;
    }

    /** The bytes of the largest array the table holds, with a 16-byte header, for tests of its pages. */
    long largestArrayBytes() {
        // the pages of longs are the largest pages; the arrays of pages hold references of at most 8 bytes
        return Math.max(keys.length, keys[0].length) * (long) Long.BYTES + 16;
    }

    private void resize(int newCapacity) {
        long[][] oldKeys = keys;
        int[][] oldHashes = hashes;
        long[][] oldValues = values;
        byte[][] oldFlags = flags;
        keys = SlotPages.longs(newCapacity);
        hashes = SlotPages.ints(newCapacity);
        values = SlotPages.longs(newCapacity);
        flags = SlotPages.bytes(newCapacity);
        capacity = newCapacity;
        int mask = newCapacity - 1;
        for (int oldPage = 0; oldPage < oldKeys.length; oldPage++) {
            long[] pageKeys = oldKeys[oldPage];
            for (int oldAt = 0; oldAt < pageKeys.length; oldAt++) {
                long key = pageKeys[oldAt];
                if (key != 0) {
                    int hash = oldHashes[oldPage][oldAt];
                    int slot = freeSlot(keys, hash, mask);
                    int page = slot >>> PAGE_SHIFT;
                    int at = slot & PAGE_MASK;
                    keys[page][at] = key;
                    hashes[page][at] = hash;
                    values[page][at] = oldValues[oldPage][oldAt];
                    flags[page][at] = oldFlags[oldPage][oldAt];
                }
            }
        }
    }

    /** The first empty slot from the home of {@code hash}; there is one, the table being at most 2/3 full. */
    private static int freeSlot(long[][] keyPages, int hash, int mask) {
        int slot = hash & mask;
        while (keyPages[slot >>> PAGE_SHIFT][slot & PAGE_MASK] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * The hash of {@code key} in this table: murmur3's 64-bit body and finalizer over the bytes, eight at a time,
     * started from this table's random seed, so which keys collide cannot be known in advance.
     */
    int hash(byte[] key) {
        int length = key.length;
        long h = seed ^ (length * C1);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h ^= mixWord((long) LONGS.get(key, i));
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        if (i < length) {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8) {
                tail |= (key[i] & 0xffL) << shift;
            }
            h ^= mixWord(tail);
        }
        h ^= length;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h ^ (h >>> 32));
    }

    private static long mixWord(long word) {
        return Long.rotateLeft(word * C1, 31) * C2;
    }
}
