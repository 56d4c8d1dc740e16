package io.tributary.internals.engine;

import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The key a task is processing right now, as the object the function sees and as the bytes that address
 * its state and timers (serialized once per record, shared by every state access of that record).
 *
 * <p>A timer kept as key bytes only sets just those ({@link #setBytes}) and the object is decoded when first asked
 * for: a function whose {@code onTimer} only clears state, as keep-first deduplication's does, never decodes it. So
 * does a record whose key was read from its value's bytes, where a function that forwards its input under its key
 * ({@link #bytesEncodeKey}) needs the bytes only.
 */
final class KeyContext {

    private @Nullable Object key = "";
    private byte[] keyBytes = new byte[0];
    private @Nullable Function<byte[], ?> decoder;
    private boolean bytesEncodeKey;
    private long version;

    void set(Object key, byte[] keyBytes) {
        set(key, keyBytes, false);
    }

    /** Sets the key; {@code encoded} when {@code keyBytes} are what the key serde makes of {@code key}. */
    void set(Object key, byte[] keyBytes, boolean encoded) {
        this.key = key;
        this.keyBytes = keyBytes;
        this.decoder = null;
        this.bytesEncodeKey = encoded;
        version++;
    }

    /** Sets the key as {@code keyBytes}, decoded by {@code decoder} only if {@link #key} is called. */
    void setBytes(byte[] keyBytes, Function<byte[], ?> decoder) {
        setBytes(keyBytes, decoder, false);
    }

    /** As {@link #setBytes(byte[], Function)}; {@code encoded} when the key serde gives them back for the key. */
    void setBytes(byte[] keyBytes, Function<byte[], ?> decoder, boolean encoded) {
        this.key = null;
        this.keyBytes = keyBytes;
        this.decoder = decoder;
        this.bytesEncodeKey = encoded;
        version++;
    }

    /**
     * Whether {@link #keyBytes} are exactly what the key serde serializes {@link #key} to, so they can key an output
     * as they are: not for a key read from a record (a repartition topic's, a timer's), whose bytes need not be the
     * serde's form of what they decode to.
     */
    boolean bytesEncodeKey() {
        return bytesEncodeKey;
    }

    Object key() {
        Object current = key;
        if (current == null) {
            current = Objects.requireNonNull(decoder, "a key set as bytes has a decoder").apply(keyBytes);
            key = current;
        }
        return current;
    }

    byte[] keyBytes() {
        return keyBytes;
    }

    /**
     * A number that changes whenever the key is set, for caching what is derived from the key bytes: not their
     * identity, as a caller may set keys of the same length in one reused array.
     */
    long version() {
        return version;
    }
}
