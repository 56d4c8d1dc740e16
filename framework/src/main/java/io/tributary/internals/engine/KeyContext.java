package io.tributary.internals.engine;

import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The key a task is processing right now, as the object the function sees and as the bytes that address
 * its state and timers (serialized once per record, shared by every state access of that record).
 *
 * <p>A timer kept as key bytes only sets just those ({@link #setBytes}) and the object is decoded when first asked
 * for: a function whose {@code onTimer} only clears state, as keep-first deduplication's does, never decodes it.
 */
final class KeyContext {

    private @Nullable Object key = "";
    private byte[] keyBytes = new byte[0];
    private @Nullable Function<byte[], ?> decoder;

    void set(Object key, byte[] keyBytes) {
        this.key = key;
        this.keyBytes = keyBytes;
        this.decoder = null;
    }

    /** Sets the key as {@code keyBytes}, decoded by {@code decoder} only if {@link #key} is called. */
    void setBytes(byte[] keyBytes, Function<byte[], ?> decoder) {
        this.key = null;
        this.keyBytes = keyBytes;
        this.decoder = decoder;
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
}
