package io.tributary.serde;

/**
 * Turns values of one type into bytes and back, for record keys, record values and state.
 *
 * <p>Implementations must be thread-safe and deterministic: equal values must give equal bytes, because
 * serialized keys identify state entries and timers. {@code deserialize} of a malformed payload throws a
 * {@link SerdeException} saying what was wrong; the runtime then dead-letters the record.
 *
 * @param <T> the value type
 */
public interface Serde<T> {

    /** Returns the bytes of {@code value}; never called with {@code null}. */
    byte[] serialize(T value);

    /** Returns the value held in {@code bytes}; never called with {@code null}. */
    T deserialize(byte[] bytes);
}
