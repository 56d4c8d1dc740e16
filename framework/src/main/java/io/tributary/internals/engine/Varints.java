package io.tributary.internals.engine;

/**
 * Unsigned LEB128 lengths (seven bits a byte, low bits first, the top bit set on every byte but the last): how
 * packed marker entries ({@link PackedMarkers}) and key slabs ({@link KeySlabs}) prefix a key with its length, one
 * byte for keys under 128 bytes. Non-negative values only.
 */
final class Varints {

    private Varints() {
    }

    /** Writes {@code value} into {@code to} at {@code at}; the position after it. */
    static int write(byte[] to, int at, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            to[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        to[at++] = (byte) rest;
        return at;
    }

    /** The value written at {@code at} in {@code from}; {@link #size} of it is the bytes it takes. */
    static int read(byte[] from, int at) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = from[at++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b < 0);
        return value;
    }

    /** The bytes {@code value} takes written. */
    static int size(int value) {
        return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
    }
}
