package io.tributary.internals.window;

import java.nio.ByteBuffer;

import io.tributary.serde.Serde;
import io.tributary.serde.SerdeException;

/**
 * What the operator keeps per open window of a key, as one map-state entry keyed by the window's start: its end
 * (sessions grow; other windows could derive it), whether it changed since it was last emitted (for early
 * firings), the JSON object of the key's field values for the output (read from the window's first record, since
 * the state key alone cannot give them back with their JSON types), and the accumulator.
 *
 * @param end the window's end, epoch milliseconds, exclusive
 * @param changed whether records arrived since the window was last emitted, and an early firing is due
 * @param keyFields the UTF-8 JSON object of the key's fields, e.g. {@code {"symbol":"AMZN"}}
 * @param accumulator the aggregate function's accumulator
 * @param <ACC> the accumulator type
 */
record WindowEntry<ACC>(long end, boolean changed, byte[] keyFields, ACC accumulator) {

    WindowEntry<ACC> withChanged(boolean newChanged) {
        return newChanged == changed ? this : new WindowEntry<>(end, newChanged, keyFields, accumulator);
    }

    /**
     * Writes entries as: a version/flags byte, the end as 8 bytes, the key fields behind a 4-byte length, then the
     * accumulator's own bytes; binary, so the accumulator's bytes are stored as its serde wrote them.
     */
    static final class EntrySerde<ACC> implements Serde<WindowEntry<ACC>> {

        private static final byte VERSION_1 = 0x10;
        private static final byte CHANGED = 0x01;
        private static final int HEADER = 1 + Long.BYTES + Integer.BYTES;

        private final Serde<ACC> accumulatorSerde;

        EntrySerde(Serde<ACC> accumulatorSerde) {
            this.accumulatorSerde = accumulatorSerde;
        }

        @Override
        public byte[] serialize(WindowEntry<ACC> entry) {
            byte[] accumulator = accumulatorSerde.serialize(entry.accumulator());
            byte[] keyFields = entry.keyFields();
            return ByteBuffer.allocate(HEADER + keyFields.length + accumulator.length)
                    .put((byte) (VERSION_1 | (entry.changed() ? CHANGED : 0)))
                    .putLong(entry.end())
                    .putInt(keyFields.length)
                    .put(keyFields)
                    .put(accumulator)
                    .array();
        }

        @Override
        public WindowEntry<ACC> deserialize(byte[] bytes) {
            if (bytes.length < HEADER || (bytes[0] & 0xF0) != VERSION_1) {
                throw new SerdeException("window state entry of " + bytes.length + " bytes is not in the format this "
                        + "version writes (header " + (bytes.length == 0 ? "missing" : Integer.toHexString(bytes[0] & 0xFF))
                        + "); was the state written by another version or processor?");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            boolean changed = (buffer.get() & CHANGED) != 0;
            long end = buffer.getLong();
            int keyLength = buffer.getInt();
            if (keyLength < 0 || keyLength > buffer.remaining()) {
                throw new SerdeException("window state entry claims " + keyLength + " bytes of key fields but has "
                        + buffer.remaining());
            }
            byte[] keyFields = new byte[keyLength];
            buffer.get(keyFields);
            byte[] accumulator = new byte[buffer.remaining()];
            buffer.get(accumulator);
            return new WindowEntry<>(end, changed, keyFields, accumulatorSerde.deserialize(accumulator));
        }
    }
}
