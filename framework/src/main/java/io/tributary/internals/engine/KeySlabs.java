package io.tributary.internals.engine;

import java.util.Arrays;

/**
 * Key bytes copied into a few large arrays (slabs) and addressed by a {@code long} handle, instead of one small array
 * per key.
 *
 * <p>Exists for the table that remembers every key of a deduplication's scope ({@link MarkerTable}): at benchmark
 * speed such a key lives about one young collection, so as one array each the keys were most of what every young
 * collection copied, and the big arrays pointing at them made it scan their cards too. A slab holds thousands of keys
 * and no references. Keys are mostly forgotten in about the order they came, so a slab whose keys have all been
 * released is freed whole, and a full-size one kept to take the next keys: once the collector has promoted a few
 * slabs, new keys are written into old arrays and nothing of them is copied again. Keys are forgotten in bursts (a
 * sweep removes the expired markers of a bucket of expiry times), so as many spares are kept as slabs are
 * in use, not a fixed few: with four, a commit that freed twenty slabs dropped sixteen for new ones to replace.
 * Slabs stay well under half a G1 region: a humongous slab would take a region of its own and count towards starting
 * a marking cycle.
 *
 * <p>A key is stored as its length (varint) followed by its bytes. A handle is its slab's number (from 1, and numbers
 * of freed slabs are reused) shifted left 32 bits, or'ed with its offset in that slab, below {@link #MAX_SLAB_BYTES}
 * (a key longer than that has a slab of its own, at offset 0): never 0, so an owner can use 0 for "none", and an owner
 * packing handles can keep the offset in 16 bits. Keys released out of order can leave slabs mostly dead: the owner
 * then copies its live keys into a new instance ({@link #wasteful}, {@link #forLiveKeys}) at a moment when no handle is
 * held outside it, so the slabs in use stay within about twice the live keys; the spares kept besides them number at
 * most the slabs in use (or {@link #MIN_SPARE_SLABS}). Single-threaded.
 */
final class KeySlabs {

    /** The first slab's size: small, so a table of a few keys costs little. */
    static final int MIN_SLAB_BYTES = 1024;
    /**
     * The largest slab: far below half the smallest G1 region, so never humongous, and small enough that the keys of
     * one slab are forgotten within a fraction of a scope, so few slabs are live and fewer half dead.
     */
    static final int MAX_SLAB_BYTES = 64 * 1024;
    /** Below this many bytes in slabs no compaction is worth its copying. */
    private static final long MIN_COMPACTION_BYTES = 16L * MAX_SLAB_BYTES;
    /** Emptied full-size slabs always kept for new keys, however few are in use. */
    static final int MIN_SPARE_SLABS = 4;

    // by slab number - 1, null once freed; the live bytes in each
    private byte[][] slabs = new byte[4][];
    private int[] slabLive = new int[4];
    private int slabCount;
    // numbers of freed slabs, for reuse
    private int[] freeNumbers = new int[4];
    private int freeCount;
    // emptied full-size slabs, at most as many as are in use (or MIN_SPARE_SLABS)
    private byte[][] spares = new byte[MIN_SPARE_SLABS][];
    private int spareCount;
    // the slab keys are appended to, its number and where
    private byte[] current = new byte[0];
    private int currentNumber;
    private int fill;
    private int nextSlabBytes;
    private long slabBytes;
    private long liveBytes;
    private long slabsAllocated;

    KeySlabs() {
        this(MIN_SLAB_BYTES);
    }

    /** Slabs starting at about {@code firstSlabBytes} (clamped to the bounds), for a known volume of keys. */
    KeySlabs(long firstSlabBytes) {
        this.nextSlabBytes = (int) Math.max(MIN_SLAB_BYTES, Math.min(MAX_SLAB_BYTES, firstSlabBytes));
    }

    /** Copies {@code key} in; its handle. */
    long add(byte[] key) {
        return add(key, 0, key.length);
    }

    /** Copies the key held under {@code handle} in {@code from}; its handle here. */
    long copyFrom(KeySlabs from, long handle) {
        byte[] slab = from.slab(handle);
        int at = offset(handle);
        int length = Varints.read(slab, at);
        return add(slab, at + Varints.size(length), length);
    }

    private long add(byte[] source, int from, int length) {
        int footprint = Varints.size(length) + length;
        if (current.length - fill < footprint) {
            newSlab(footprint);
        }
        long handle = ((long) currentNumber << 32) | fill;
        int at = Varints.write(current, fill, length);
        System.arraycopy(source, from, current, at, length);
        fill = at + length;
        slabLive[currentNumber - 1] += footprint;
        liveBytes += footprint;
        return handle;
    }

    private void newSlab(int footprint) {
        if (currentNumber != 0 && slabLive[currentNumber - 1] == 0) {
            free(currentNumber);
        }
        int size = Math.max(nextSlabBytes, footprint);
        nextSlabBytes = (int) Math.min(MAX_SLAB_BYTES, 2L * nextSlabBytes);
        if (spareCount > 0 && size <= MAX_SLAB_BYTES) {
            current = spares[--spareCount];
            spares[spareCount] = null;
        }
        else {
            current = new byte[size];
            slabsAllocated++;
        }
        if (freeCount > 0) {
            currentNumber = freeNumbers[--freeCount];
        }
        else {
            if (slabCount == slabs.length) {
                slabs = Arrays.copyOf(slabs, slabCount * 2);
                slabLive = Arrays.copyOf(slabLive, slabCount * 2);
            }
            currentNumber = ++slabCount;
        }
        slabs[currentNumber - 1] = current;
        slabLive[currentNumber - 1] = 0;
        fill = 0;
        slabBytes += current.length;
    }

    /**
     * Frees the slab numbered {@code number}, keeping it as a spare when full-size and spares are wanted: as many as
     * there are slabs in use, so that keys coming about as fast as keys are forgotten are written into slabs the
     * collector has already promoted, and no more, so that spares never outnumber the slabs in use (beyond the few
     * always kept).
     */
    private void free(int number) {
        byte[] slab = slabs[number - 1];
        slabs[number - 1] = null;
        slabBytes -= slab.length;
        if (freeCount == freeNumbers.length) {
            freeNumbers = Arrays.copyOf(freeNumbers, freeCount * 2);
        }
        freeNumbers[freeCount++] = number;
        int wanted = Math.max(MIN_SPARE_SLABS, slabCount - freeCount);
        if (slab.length == MAX_SLAB_BYTES && spareCount < wanted) {
            if (spareCount == spares.length) {
                spares = Arrays.copyOf(spares, spareCount * 2);
            }
            spares[spareCount++] = slab;
        }
        while (spareCount > wanted) {
            spares[--spareCount] = null;
        }
    }

    /** The length of the key under {@code handle}. */
    int length(long handle) {
        return Varints.read(slab(handle), offset(handle));
    }

    /** The array holding the key under {@code handle}, from {@link #start}, {@link #length} bytes. */
    byte[] slab(long handle) {
        return slabs[(int) (handle >>> 32) - 1];
    }

    /** Where the key under {@code handle} starts in its {@link #slab}. */
    int start(long handle) {
        int at = offset(handle);
        return at + Varints.size(Varints.read(slab(handle), at));
    }

    /** A new array holding the key under {@code handle}. */
    byte[] copy(long handle) {
        byte[] slab = slab(handle);
        int at = offset(handle);
        int length = Varints.read(slab, at);
        int start = at + Varints.size(length);
        return Arrays.copyOfRange(slab, start, start + length);
    }

    boolean equals(long handle, byte[] key) {
        byte[] slab = slab(handle);
        int at = offset(handle);
        int length = Varints.read(slab, at);
        if (length != key.length) {
            return false;
        }
        int start = at + Varints.size(length);
        return Arrays.equals(slab, start, start + length, key, 0, length);
    }

    /**
     * Counts the key under {@code handle} as gone: its slab is freed once it holds no live key and takes no more, else
     * its bytes stay until the owner compacts.
     */
    void release(long handle) {
        int length = length(handle);
        int number = (int) (handle >>> 32);
        int live = slabLive[number - 1] -= Varints.size(length) + length;
        liveBytes -= Varints.size(length) + length;
        if (live == 0 && number != currentNumber) {
            free(number);
        }
    }

    /**
     * Whether the slabs in use hold more dead bytes than live ones (past a small floor; the current slab's room for
     * new keys does not count): keys released out of order pin slabs that copying the live keys into a new instance,
     * sized by {@link #liveBytes}, would about halve. Keys released in about the order they came free their slabs
     * whole and leave little dead.
     */
    boolean wasteful() {
        long dead = slabBytes - (current.length - fill) - liveBytes;
        return slabBytes > MIN_COMPACTION_BYTES && dead > liveBytes;
    }

    /**
     * Empty slabs, the first sized for the live keys, for an owner whose keys are {@link #wasteful}: it copies its live
     * keys in ({@link #copyFrom}) and uses them instead of this instance, whose handles are all stale afterwards.
     */
    KeySlabs forLiveKeys() {
        return new KeySlabs(liveBytes);
    }

    /** The bytes the live keys take, with their lengths. */
    long liveBytes() {
        return liveBytes;
    }

    /** The bytes of the slabs in use, for tests. */
    long slabBytes() {
        return slabBytes;
    }

    /** How many slabs were allocated rather than reused, for tests. */
    long slabsAllocated() {
        return slabsAllocated;
    }

    private static int offset(long handle) {
        return (int) handle;
    }
}
