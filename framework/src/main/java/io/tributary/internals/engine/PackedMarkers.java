package io.tributary.internals.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The layout of a marker state's packed entries: many markers' changes in one store entry, so one changelog record
 * carries a commit's changes to a whole bucket of markers instead of one record per key.
 *
 * <pre>
 * key:   statePrefix 0xFF bucket(8, sign-flipped) seq(8)
 * value: 0x01 then entries in order, each: op(1: 0 put, 1 delete) keyLen(varint) key [value(8) if put]
 * </pre>
 *
 * <p>A per-key entry of the same state continues the prefix with its key's length as a 4-byte big-endian int, whose
 * first byte is at most 0x7F, so the 0xFF tag cannot collide with one and sorts after all of them. A seq is a commit's
 * number times {@link #CHUNKS_PER_COMMIT} plus the chunk's index in that commit's record for the bucket: records of
 * one commit share {@link #commitOf}, which is what load replays them by.
 */
final class PackedMarkers {

    static final byte TAG = (byte) 0xFF;
    static final byte PUT = 0;
    static final byte DELETE = 1;
    static final int CHUNKS_PER_COMMIT = 1 << 16;
    private static final byte VERSION = 1;

    private PackedMarkers() {
    }

    /** The store key of the packed entry {@code seq} of {@code bucket}. */
    static byte[] key(byte[] statePrefix, long bucket, long seq) {
        byte[] out = new byte[statePrefix.length + 17];
        System.arraycopy(statePrefix, 0, out, 0, statePrefix.length);
        out[statePrefix.length] = TAG;
        StoreKeys.putLong(out, statePrefix.length + 1, bucket ^ Long.MIN_VALUE);
        StoreKeys.putLong(out, statePrefix.length + 9, seq);
        return out;
    }

    /** Whether the entry of the state with this prefix length under {@code storeKey} is packed (else per-key). */
    static boolean isPacked(int statePrefixLength, byte[] storeKey) {
        return storeKey.length == statePrefixLength + 17 && storeKey[statePrefixLength] == TAG;
    }

    static long bucketOf(int statePrefixLength, byte[] storeKey) {
        return StoreKeys.getLong(storeKey, statePrefixLength + 1) ^ Long.MIN_VALUE;
    }

    static long seqOf(int statePrefixLength, byte[] storeKey) {
        return StoreKeys.getLong(storeKey, statePrefixLength + 9);
    }

    /** The commit a seq belongs to. */
    static long commitOf(long seq) {
        return seq / CHUNKS_PER_COMMIT;
    }

    /** Calls {@code visitor} for each entry of the packed value {@code bytes}, in order. */
    static void decode(byte[] bytes, Visitor visitor) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new IllegalStateException("packed marker entry of unknown version "
                    + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0]))
                    + "; it was written by a newer Tributary, which this one cannot read");
        }
        int at = 1;
        while (at < bytes.length) {
            byte op = bytes[at++];
            int length = Varints.read(bytes, at);
            at += Varints.size(length);
            byte[] key = Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            if (op == PUT) {
                visitor.put(key, StoreKeys.getLong(bytes, at));
                at += 8;
            }
            else {
                visitor.delete(key);
            }
        }
    }

    /** What {@link #decode} calls. */
    interface Visitor {
        void put(byte[] key, long value);

        void delete(byte[] key);
    }

    /**
     * The entries one commit writes, to any of a marker state's buckets, cut per bucket into chunks of about {@code
     * chunkBytes} so that no record nears the broker's 1 MB message limit however long the commit interval.
     *
     * <p>One per state, reused by every flush: the entries go to pages of {@link #PAGE_BYTES} in the order written,
     * each bucket's chained in that order, and {@link #chunks} copies a bucket's into arrays of exactly their chunk's
     * size. Pages, not one growing buffer, so that no page is humongous under G1 (half a region, 512 KiB at the
     * smallest) however busy the commit; the per-entry arrays become so only past 131,072 entries in one commit. Up to
     * a few chunks' worth of pages are kept for the next commit, where the collector has promoted them, so a commit
     * allocates its chunks, a little per bucket written (its chain, the sorted buckets), and pages only past what was
     * kept. Single-threaded.
     */
    static final class Writer {

        /** The size of a page: far below half the smallest G1 region. */
        static final int PAGE_BYTES = 64 * 1024;
        private static final int MIN_ENTRIES = 16;
        /**
         * Entry arrays longer than this are not kept for the next commit: 65,536 entries (some 2 MiB of small keys) in
         * arrays of 256 KiB, the most that is not humongous.
         */
        private static final int MAX_KEPT_ENTRIES = 1 << 16;

        private final int chunkBytes;
        private final int keptPages;
        // pages[0 .. pageCount - 1] hold this commit's entries, the last one being filled up to fill; pages past
        // them (up to allocated) are kept from earlier commits for reuse
        private byte[][] pages = new byte[4][];
        private int pageCount;
        private int allocated;
        private int fill;
        // per entry, in the order written: its page, where it starts and ends there, its bucket's next entry (-1 for
        // none)
        private int[] pageOf = new int[MIN_ENTRIES];
        private int[] starts = new int[MIN_ENTRIES];
        private int[] ends = new int[MIN_ENTRIES];
        private int[] next = new int[MIN_ENTRIES];
        private int count;
        // per bucket written: its first and last entry
        private final LongTable<int[]> chains = new LongTable<>();
        // the sizes of the chunks of the bucket being cut
        private int[] chunkSizes = new int[4];

        Writer(int chunkBytes) {
            this.chunkBytes = chunkBytes;
            this.keptPages = Math.max(1, 4 * chunkBytes / PAGE_BYTES);
        }

        void put(long bucket, byte[] key, long value) {
            put(bucket, key, 0, key.length, value);
        }

        /** A put to {@code bucket} of the {@code length} key bytes of {@code source} from {@code from}. */
        void put(long bucket, byte[] source, int from, int length, long value) {
            byte[] page = entry(bucket, PUT, source, from, length, 8);
            StoreKeys.putLong(page, fill, value);
            fill += 8;
        }

        void delete(long bucket, byte[] key) {
            delete(bucket, key, 0, key.length);
        }

        /** A delete in {@code bucket} of the {@code length} key bytes of {@code source} from {@code from}. */
        void delete(long bucket, byte[] source, int from, int length) {
            entry(bucket, DELETE, source, from, length, 0);
        }

        /** Writes an entry's op and key, leaving room for its value; the page it is in. */
        private byte[] entry(long bucket, byte op, byte[] key, int from, int keyLength, int valueBytes) {
            int needed = 1 + Varints.size(keyLength) + keyLength + valueBytes;
            if (pageCount == 0 || fill + needed > pages[pageCount - 1].length) {
                nextPage(needed);
            }
            if (count == ends.length) {
                pageOf = Arrays.copyOf(pageOf, count * 2);
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                next = Arrays.copyOf(next, count * 2);
            }
            int index = count++;
            next[index] = -1;
            int[] chain = chains.get(bucket);
            if (chain == null) {
                chains.put(bucket, new int[] {index, index});
            }
            else {
                next[chain[1]] = index;
                chain[1] = index;
            }
            byte[] page = pages[pageCount - 1];
            pageOf[index] = pageCount - 1;
            starts[index] = fill;
            page[fill++] = op;
            fill = Varints.write(page, fill, keyLength);
            System.arraycopy(key, from, page, fill, keyLength);
            fill += keyLength;
            // the caller writes the value, if any
            ends[index] = fill + valueBytes;
            return page;
        }

        /** Moves to the next page, a kept one when it is large enough, else a new one of at least {@code needed}. */
        private void nextPage(int needed) {
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pageCount * 2);
            }
            if (pageCount >= allocated || pages[pageCount] == null || pages[pageCount].length < needed) {
                pages[pageCount] = new byte[Math.max(PAGE_BYTES, needed)];
                allocated = Math.max(allocated, pageCount + 1);
            }
            pageCount++;
            fill = 0;
        }

        /** Whether nothing was written since the last {@link #reset}. */
        boolean isEmpty() {
            return count == 0;
        }

        /** The buckets written to, in order. */
        long[] buckets() {
            return chains.sortedKeys();
        }

        /**
         * The entries written to {@code bucket}, in order, as new arrays each of a chunk: cut before an entry that
         * would take a chunk past {@code chunkBytes} (counting 5 bytes for its key's length), so only an entry larger
         * than that makes a larger chunk. Empty for a bucket not written to.
         */
        List<byte[]> chunks(long bucket) {
            int[] chain = chains.get(bucket);
            if (chain == null) {
                return List.of();
            }
            int chunkCount = 0;
            int chunkSize = 1;
            for (int entry = chain[0]; entry >= 0; entry = next[entry]) {
                int start = starts[entry];
                int length = ends[entry] - start;
                int keyLength = Varints.read(pages[pageOf[entry]], start + 1);
                int needed = length - Varints.size(keyLength) + 5;
                if (chunkSize > 1 && chunkSize + needed > chunkBytes) {
                    chunkCount = addChunkSize(chunkCount, chunkSize);
                    chunkSize = 1;
                }
                chunkSize += length;
            }
            chunkCount = addChunkSize(chunkCount, chunkSize);
            List<byte[]> chunks = new ArrayList<>(chunkCount);
            int entry = chain[0];
            for (int c = 0; c < chunkCount; c++) {
                byte[] chunk = new byte[chunkSizes[c]];
                chunk[0] = VERSION;
                int at = 1;
                while (at < chunk.length) {
                    int start = starts[entry];
                    int length = ends[entry] - start;
                    System.arraycopy(pages[pageOf[entry]], start, chunk, at, length);
                    at += length;
                    entry = next[entry];
                }
                chunks.add(chunk);
            }
            return chunks;
        }

        private int addChunkSize(int chunkCount, int chunkSize) {
            if (chunkCount == chunkSizes.length) {
                chunkSizes = Arrays.copyOf(chunkSizes, chunkCount * 2);
            }
            chunkSizes[chunkCount] = chunkSize;
            return chunkCount + 1;
        }

        /**
         * Empties the writer for the next commit, keeping up to a few chunks' worth of its pages (not one larger than
         * a page, grown for a large key) and its entry arrays unless a burst grew them long: the chunks handed out
         * stay as they are.
         */
        void reset() {
            clear();
            for (int page = 0; page < allocated; page++) {
                if (page >= keptPages || pages[page] != null && pages[page].length > PAGE_BYTES) {
                    pages[page] = null;
                }
            }
            allocated = Math.min(allocated, keptPages);
            if (ends.length > MAX_KEPT_ENTRIES) {
                releaseEntries();
            }
        }

        /** Empties the writer and lets go of what it grew, for a state with nothing to write for now. */
        void release() {
            clear();
            Arrays.fill(pages, 0, allocated, null);
            allocated = 0;
            if (ends.length > MIN_ENTRIES) {
                releaseEntries();
            }
        }

        private void clear() {
            count = 0;
            pageCount = 0;
            fill = 0;
            chains.clear();
        }

        private void releaseEntries() {
            pageOf = new int[MIN_ENTRIES];
            starts = new int[MIN_ENTRIES];
            ends = new int[MIN_ENTRIES];
            next = new int[MIN_ENTRIES];
        }

        /** The bytes of the pages held, for tests of their reuse. */
        int capacity() {
            int bytes = 0;
            for (int page = 0; page < allocated; page++) {
                bytes += pages[page] == null ? 0 : pages[page].length;
            }
            return bytes;
        }
    }
}
