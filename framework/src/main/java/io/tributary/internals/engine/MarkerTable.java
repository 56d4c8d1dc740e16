package io.tributary.internals.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

import static io.tributary.internals.engine.SlotPages.PAGE_MASK;
import static io.tributary.internals.engine.SlotPages.PAGE_SHIFT;

/**
 * An open-addressing hash table from serialized keys to one {@code long} and a few flag bits, in parallel arrays:
 * no object per entry, the key bytes copied into {@link KeySlabs} and each slot holding its key's hash and handle.
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
 * <p>A slot's hash and handle share one {@code long} ({@link #entry}), so a probe step that passes over another key
 * or ends at an empty slot loads one array, not two: with tens of thousands of keys per task most probes are cache
 * misses, and most of a deduplication's probes are for keys it has not seen. A handle needs 32 bits of the 64 {@link
 * KeySlabs} gives it (its offset is within a slab of at most 64 KiB), which caps a table's keys at {@link #MAX_SLABS}
 * slabs. An owner that reads a key and then adds it can {@link #insertProbed insert where the read's probe ended}
 * while {@link #modifications} says the table has not changed.
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
    /** The most slabs of keys a table holds: a slab number takes 16 bits of an entry, beside a 16-bit offset. */
    static final int MAX_SLABS = 0xffff;
    // the bits of a KeySlabs handle beyond a 16-bit slab number and a 16-bit offset, which an entry cannot hold
    private static final long UNPACKABLE = 0xffff_0000_ffff_0000L;

    private final long seed = ThreadLocalRandom.current().nextLong();

    // by page, as laid out by SlotPages: each slot's entry, its key's hash and handle in slabs, 0 when the slot is
    // empty; the hash so probes compare keys only on equal hashes and moves never hash again
    private long[][] entries = SlotPages.longs(MIN_CAPACITY);
    private KeySlabs slabs = new KeySlabs();
    private int compactions;
    private long modifications;
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

    /**
     * The slot of {@code key}, whose {@link #hash} is {@code hash}, or when absent -1 minus the empty slot its probe
     * ended at, where {@link #insertProbed} puts it.
     */
    int probe(byte[] key, int hash) {
        long[][] pages = entries;
        int mask = capacity - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long entry = pages[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
            if (entry == 0) {
                return -1 - slot;
            }
            if (hashOf(entry) == hash && slabs.equals(handleOf(entry), key)) {
                return slot;
            }
        }
    }

    /** The slot of the key under {@code handle}, whose {@link #hash} is {@code hash}, or -1 when absent. */
    int findHandle(long handle, int hash) {
        long wanted = pack(hash, handle);
        long[][] pages = entries;
        int mask = capacity - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long entry = pages[slot >>> PAGE_SHIFT][slot & PAGE_MASK];
            if (entry == 0) {
                return -1;
            }
            if (entry == wanted) {
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
        return insertProbed(key, hash, probe(key, hash));
    }

    /**
     * As {@link #insert(byte[], int)}, where {@code probed} is what {@link #probe} returned for the key: no second
     * probe. Only while {@link #modifications} is what it was at that probe, as slots move when the table changes.
     */
    int insertProbed(byte[] key, int hash, int probed) {
        if (probed >= 0) {
            return probed;
        }
        int slot = -1 - probed;
        // at most 2/3 full, so probes stay short
        if (3L * (size + 1) > 2L * capacity) {
            resize(grownCapacity(capacity));
            slot = freeSlot(entries, hash, capacity - 1);
        }
        long entry = entry(hash, slabs.add(key));
        int page = slot >>> PAGE_SHIFT;
        int at = slot & PAGE_MASK;
        entries[page][at] = entry;
        values[page][at] = 0;
        flags[page][at] = 0;
        size++;
        modifications++;
        return slot;
    }

    /**
     * A number that changes whenever keys are added or removed, slots move or handles change, so an owner can tell
     * whether what it learnt of the table (a {@link #probe}'s result) still holds.
     */
    long modifications() {
        return modifications;
    }

    /** Removes the entry at {@code slot}, moving back the entries that probed past it. */
    void remove(int slot) {
        int mask = capacity - 1;
        int hole = slot;
        int holePage = hole >>> PAGE_SHIFT;
        int holeAt = hole & PAGE_MASK;
        slabs.release(handleOf(entries[holePage][holeAt]));
        for (int next = (hole + 1) & mask; ; next = (next + 1) & mask) {
            int page = next >>> PAGE_SHIFT;
            int at = next & PAGE_MASK;
            long entry = entries[page][at];
            if (entry == 0) {
                break;
            }
            int home = hashOf(entry) & mask;
            // the entry at next may fill the hole if its home is not cyclically within (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                entries[holePage][holeAt] = entry;
                values[holePage][holeAt] = values[page][at];
                flags[holePage][holeAt] = flags[page][at];
                hole = next;
                holePage = page;
                holeAt = at;
            }
        }
        entries[holePage][holeAt] = 0;
        values[holePage][holeAt] = 0;
        flags[holePage][holeAt] = 0;
        size--;
        modifications++;
    }

    /** A new array holding the key at {@code slot}. */
    byte[] key(int slot) {
        return slabs.copy(handle(slot));
    }

    /** The handle of the key at {@code slot} in {@link #slabs}, valid until {@link #compactIfWasteful}. */
    long handle(int slot) {
        return handleOf(entries[slot >>> PAGE_SHIFT][slot & PAGE_MASK]);
    }

    /** Where the keys' bytes are, for reading them by {@link #handle} without a copy. */
    KeySlabs slabs() {
        return slabs;
    }

    /** The {@link #hash} of the key at {@code slot}. */
    int slotHash(int slot) {
        return hashOf(entries[slot >>> PAGE_SHIFT][slot & PAGE_MASK]);
    }

    /** Whether {@code slot} holds a key, for walking all slots up to {@link #capacity}. */
    boolean occupied(int slot) {
        return entries[slot >>> PAGE_SHIFT][slot & PAGE_MASK] != 0;
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
        KeySlabs fresh = slabs.forLiveKeys();
        for (long[] page : entries) {
            for (int at = 0; at < page.length; at++) {
                long entry = page[at];
                if (entry != 0) {
                    page[at] = pack(hashOf(entry), fresh.copyFrom(slabs, handleOf(entry)));
                }
            }
        }
        slabs = fresh;
        compactions++;
        modifications++;
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
        return Math.max(entries.length, entries[0].length) * (long) Long.BYTES + 16;
    }

    private void resize(int newCapacity) {
        long[][] oldEntries = entries;
        long[][] oldValues = values;
        byte[][] oldFlags = flags;
        entries = SlotPages.longs(newCapacity);
        values = SlotPages.longs(newCapacity);
        flags = SlotPages.bytes(newCapacity);
        capacity = newCapacity;
        modifications++;
        int mask = newCapacity - 1;
        for (int oldPage = 0; oldPage < oldEntries.length; oldPage++) {
            long[] pageEntries = oldEntries[oldPage];
            for (int oldAt = 0; oldAt < pageEntries.length; oldAt++) {
                long entry = pageEntries[oldAt];
                if (entry != 0) {
                    int slot = freeSlot(entries, hashOf(entry), mask);
                    int page = slot >>> PAGE_SHIFT;
                    int at = slot & PAGE_MASK;
                    entries[page][at] = entry;
                    values[page][at] = oldValues[oldPage][oldAt];
                    flags[page][at] = oldFlags[oldPage][oldAt];
                }
            }
        }
    }

    /** The first empty slot from the home of {@code hash}; there is one, the table being at most 2/3 full. */
    private static int freeSlot(long[][] entryPages, int hash, int mask) {
        int slot = hash & mask;
        while (entryPages[slot >>> PAGE_SHIFT][slot & PAGE_MASK] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * A slot's entry for a key of hash {@code hash} under {@code handle}: the hash in the high 32 bits, then the
     * handle's slab number and offset in 16 bits each. Never 0, as slab numbers start at 1. Fails plainly for a handle
     * past {@link #MAX_SLABS} slabs instead of mixing up keys.
     */
    static long entry(int hash, long handle) {
        if ((handle & UNPACKABLE) != 0) {
            throw new IllegalStateException("marker table full: its keys cannot take more than " + MAX_SLABS
                    + " slabs of " + KeySlabs.MAX_SLAB_BYTES / 1024 + " KiB (slab " + (handle >>> 32) + ", offset "
                    + (int) handle + "); deduplicate over fewer keys per task (a shorter window or more partitions)");
        }
        return pack(hash, handle);
    }

    /** As {@link #entry}, for a handle known to fit. */
    private static long pack(int hash, long handle) {
        return (long) hash << 32 | (handle >>> 16 & 0xffff_0000L) | (handle & 0xffffL);
    }

    /** The key's hash of an {@link #entry}. */
    static int hashOf(long entry) {
        return (int) (entry >>> 32);
    }

    /** The {@link KeySlabs} handle of an {@link #entry}. */
    static long handleOf(long entry) {
        return (entry & 0xffff_0000L) << 16 | (entry & 0xffffL);
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
