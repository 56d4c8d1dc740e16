package io.tributary.internals.state;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Bounds of a prefix range under unsigned byte order, shared by the backends so both scan exactly the same keys.
 */
public final class KeyPrefixes {

    private KeyPrefixes() {
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}, or {@code null} when there is none.
     *
     * <p>Trailing {@code 0xFF} bytes cannot be incremented, so they are dropped and the byte before them is
     * incremented: {@code 01 FF} gives {@code 02}. A prefix of only {@code 0xFF} bytes (or an empty one) has no
     * upper bound: every key at or after it starts with it.
     */
    public static byte @Nullable [] upperBound(byte[] prefix) {
        int last = prefix.length - 1;
        while (last >= 0 && prefix[last] == (byte) 0xFF) {
            last--;
        }
        if (last < 0) {
            return null;
        }
        byte[] bound = Arrays.copyOf(prefix, last + 1);
        bound[last]++;
        return bound;
    }
}
