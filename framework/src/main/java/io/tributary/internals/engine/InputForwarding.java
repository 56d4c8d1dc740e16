package io.tributary.internals.engine;

/**
 * A context that can emit the record being processed as it arrived: its value bytes go to the output as they are,
 * instead of being deserialised and serialised again. For operators whose output is their unchanged input (a
 * deduplication's first occurrence), where re-serialising costs time and could only change the bytes' form.
 *
 * @param <K> the output key type
 */
public interface InputForwarding<K> {

    /**
     * Emits the input record's value bytes unchanged to the processor's output with {@code key} and {@code
     * timestampMillis} (epoch millis: called once per record forwarded, it takes no {@code Instant}); only within
     * {@code processElement}, and only when the output's serde writes what the input's reads.
     */
    void emitInput(K key, long timestampMillis);

    /**
     * As {@link #emitInput(Object, long)} with the current key, which the output then gets as the key serde writes it;
     * saves decoding the key when the task read only its bytes, and encoding it again.
     */
    void emitInputUnderCurrentKey(long timestampMillis);

    /**
     * As {@link #emitInput(Object, long)} with the string key whose UTF-8 is {@code utf8Key} (strictly valid UTF-8, as
     * {@link ScannedFields#utf8} gives): the bytes a string key serde writes for it, so they are written as they are.
     */
    void emitInputUnderUtf8Key(byte[] utf8Key, long timestampMillis);
}
