package io.tributary.internals.engine;

/**
 * The layout of a slot-indexed array kept as pages of {@link #PAGE_SLOTS} slots: slot {@code s} is at {@code
 * pages[s >>> PAGE_SHIFT][s & PAGE_MASK]}, and an array of fewer slots is one page of its own length.
 *
 * <p>Exists so that a table holding every key of a deduplication's scope ({@link MarkerTable}) never allocates an
 * array of half a G1 region (512 KiB with the 1 MiB regions of any heap under 2 GiB) or more: such an array is
 * humongous, takes whole old regions of its own and counts towards starting a marking cycle, and a table growing
 * through them made the collector resize the heap. A page of {@code long}s is 256 KiB, and the array of pages of even
 * a table of {@link MarkerTable#MAX_CAPACITY} slots no more.
 */
final class SlotPages {

    static final int PAGE_SHIFT = 15;
    /** The slots of a full page: 256 KiB of {@code long}s, half the humongous threshold of the smallest regions. */
    static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_SLOTS - 1;

    private SlotPages() {
    }

    /** Zeroed {@code long}s for {@code capacity} slots, a positive multiple of {@link #PAGE_SLOTS} or less. */
    static long[][] longs(int capacity) {
        long[][] pages = new long[pageCount(capacity)][];
        for (int page = 0; page < pages.length; page++) {
            pages[page] = new long[pageLength(capacity)];
        }
        return pages;
    }

    /** Zeroed {@code byte}s for {@code capacity} slots, as {@link #longs}. */
    static byte[][] bytes(int capacity) {
        byte[][] pages = new byte[pageCount(capacity)][];
        for (int page = 0; page < pages.length; page++) {
            pages[page] = new byte[pageLength(capacity)];
        }
        return pages;
    }

    static int pageCount(int capacity) {
        if (capacity <= 0 || capacity > PAGE_SLOTS && (capacity & PAGE_MASK) != 0) {
            throw new IllegalArgumentException("paged capacity must be positive and at most " + PAGE_SLOTS
                    + " or a multiple of it, got " + capacity);
        }
        return Math.max(1, capacity >>> PAGE_SHIFT);
    }

    static int pageLength(int capacity) {
        return Math.min(capacity, PAGE_SLOTS);
    }
}
