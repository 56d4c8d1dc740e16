package io.tributary.internals.engine;

import java.util.Arrays;

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
     * The entries one commit writes to one bucket, cut into chunks of about {@code chunkBytes} so that no record nears
     * the broker's 1 MB message limit however long the commit interval.
     */
    static final class Writer {

        private final int chunkBytes;
        private final java.util.List<byte[]> chunks = new java.util.ArrayList<>(1);
        private byte[] buffer = new byte[256];
        private int size;

        Writer(int chunkBytes) {
            this.chunkBytes = chunkBytes;
            buffer[size++] = VERSION;
        }

        void put(byte[] key, long value) {
            put(key, 0, key.length, value);
        }

        /** A put of the {@code length} key bytes of {@code source} from {@code from}. */
        void put(byte[] source, int from, int length, long value) {
            entry(PUT, source, from, length, 8);
            StoreKeys.putLong(buffer, size, value);
            size += 8;
        }

        void delete(byte[] key) {
            delete(key, 0, key.length);
        }

        /** A delete of the {@code length} key bytes of {@code source} from {@code from}. */
        void delete(byte[] source, int from, int length) {
            entry(DELETE, source, from, length, 0);
        }

        private void entry(byte op, byte[] key, int from, int keyLength, int valueBytes) {
            int needed = 1 + 5 + keyLength + valueBytes;
            if (size > 1 && size + needed > chunkBytes) {
                chunks.add(Arrays.copyOf(buffer, size));
                size = 1;
            }
            if (size + needed > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + needed));
            }
            buffer[size++] = op;
            size = Varints.write(buffer, size, keyLength);
            System.arraycopy(key, from, buffer, size, keyLength);
            size += keyLength;
        }

        /** The chunks written, in order, valid until {@link #reset}; the writer is done until then. */
        java.util.List<byte[]> chunks() {
            if (size > 1) {
                chunks.add(Arrays.copyOf(buffer, size));
                size = 1;
            }
            return chunks;
        }

        /** The length of the buffer, for tests of its reuse. */
        int capacity() {
            return buffer.length;
        }

        /**
         * Empties the writer for another bucket or commit, keeping its buffer (unless a key past the chunk size grew
         * it beyond), so a commit's entries do not grow a new buffer from nothing each time.
         */
        void reset() {
            chunks.clear();
            size = 1;
            if (buffer.length > 2 * chunkBytes) {
                buffer = new byte[256];
                buffer[0] = VERSION;
            }
        }
    }
}
