package io.tributary.internals.engine;

import java.util.Arrays;

/**
 * The last few distinct short byte ranges copied out of records, handed out again while a record holds the same bytes:
 * a direct-mapped cache compared in place, so a field whose values repeat (a deduplication's output key, the symbol of
 * a tick) costs no array per record once seen.
 *
 * <p>Exists because the scanned output key was a {@code String} decoded from the value and encoded again, three small
 * objects per record forwarded. The arrays it returns are shared with later callers and must never be written to.
 * Ranges longer than {@link #MAX_CACHED_BYTES} are copied every time, so the cache holds little. Single-threaded.
 */
final class Utf8Cache {

    /** Longer ranges are copied each time: they are rarely repeated keys, and would make the cache hold more. */
    static final int MAX_CACHED_BYTES = 64;

    private final byte[][] cached;
    private final int mask;

    /** A cache of {@code slots} entries, a power of two. */
    Utf8Cache(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a positive power of two, got " + slots);
        }
        this.cached = new byte[slots][];
        this.mask = slots - 1;
    }

    /** An array holding {@code source[start, end)}: a cached one with those bytes, else a new copy. */
    byte[] bytes(byte[] source, int start, int end) {
        int length = end - start;
        if (length > MAX_CACHED_BYTES) {
            return Arrays.copyOfRange(source, start, end);
        }
        int slot = slot(source, start, end);
        byte[] hit = cached[slot];
        if (hit != null && Arrays.equals(hit, 0, hit.length, source, start, end)) {
            return hit;
        }
        byte[] copy = Arrays.copyOfRange(source, start, end);
        cached[slot] = copy;
        return copy;
    }

    private int slot(byte[] source, int start, int end) {
        int hash = 1;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + source[i];
        }
        return (hash ^ (hash >>> 16)) & mask;
    }
}
