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
     * <p>One per state, reused by every flush: the entries go to one buffer in the order written, each bucket's
     * chained in that order, and {@link #chunks} copies a bucket's into arrays of exactly their chunk's size. So a
     * commit allocates its chunks and nothing else once the buffer has grown to a busy commit, however many buckets it
     * writes (per-bucket buffers grew by doubling, and copied again into the chunks, whenever a commit wrote to more
     * buckets than writers were kept). Single-threaded.
     */
    static final class Writer {

        private static final int MIN_BUFFER = 256;
        private static final int MIN_ENTRIES = 16;

        private final int chunkBytes;
        private byte[] buffer = new byte[MIN_BUFFER];
        private int size;
        // per entry, in the order written: where it ends in the buffer (it starts where the one before ends), its
        // bucket's next entry (-1 for none)
        private int[] ends = new int[MIN_ENTRIES];
        private int[] next = new int[MIN_ENTRIES];
        private int count;
        // per bucket written: its first and last entry
        private final LongTable<int[]> chains = new LongTable<>();
        // the sizes of the chunks of the bucket being cut
        private int[] chunkSizes = new int[4];

        Writer(int chunkBytes) {
            this.chunkBytes = chunkBytes;
        }

        void put(long bucket, byte[] key, long value) {
            put(bucket, key, 0, key.length, value);
        }

        /** A put to {@code bucket} of the {@code length} key bytes of {@code source} from {@code from}. */
        void put(long bucket, byte[] source, int from, int length, long value) {
            entry(bucket, PUT, source, from, length, 8);
            StoreKeys.putLong(buffer, size, value);
            size += 8;
        }

        void delete(long bucket, byte[] key) {
            delete(bucket, key, 0, key.length);
        }

        /** A delete in {@code bucket} of the {@code length} key bytes of {@code source} from {@code from}. */
        void delete(long bucket, byte[] source, int from, int length) {
            entry(bucket, DELETE, source, from, length, 0);
        }

        private void entry(long bucket, byte op, byte[] key, int from, int keyLength, int valueBytes) {
            int needed = 1 + Varints.size(keyLength) + keyLength + valueBytes;
            if (size + needed > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(2L * buffer.length, (long) size + needed)));
            }
            if (count == ends.length) {
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
            buffer[size++] = op;
            size = Varints.write(buffer, size, keyLength);
            System.arraycopy(key, from, buffer, size, keyLength);
            size += keyLength;
            // the caller writes the value, if any
            ends[index] = size + valueBytes;
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
                int start = start(entry);
                int length = ends[entry] - start;
                int keyLength = Varints.read(buffer, start + 1);
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
                    int start = start(entry);
                    int length = ends[entry] - start;
                    System.arraycopy(buffer, start, chunk, at, length);
                    at += length;
                    entry = next[entry];
                }
                chunks.add(chunk);
            }
            return chunks;
        }

        private int start(int entry) {
            return entry == 0 ? 0 : ends[entry - 1];
        }

        private int addChunkSize(int chunkCount, int chunkSize) {
            if (chunkCount == chunkSizes.length) {
                chunkSizes = Arrays.copyOf(chunkSizes, chunkCount * 2);
            }
            chunkSizes[chunkCount] = chunkSize;
            return chunkCount + 1;
        }

        /**
         * Empties the writer for the next commit, keeping its buffer, unless it grew past a few chunks (a burst, or a
         * key past the chunk size): the chunks handed out stay as they are.
         */
        void reset() {
            if (buffer.length > 4 * chunkBytes) {
                release();
                return;
            }
            count = 0;
            size = 0;
            chains.clear();
        }

        /** Empties the writer and lets go of what it grew, for a state with nothing to write for now. */
        void release() {
            count = 0;
            size = 0;
            chains.clear();
            buffer = new byte[MIN_BUFFER];
            ends = new int[MIN_ENTRIES];
            next = new int[MIN_ENTRIES];
        }

        /** The length of the buffer, for tests of its reuse. */
        int capacity() {
            return buffer.length;
        }
    }
}
