package io.tributary.api;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Where the record being processed came from.
 *
 * @param topic its topic; {@code null} in a timer call
 * @param partition its partition; -1 in a timer call
 * @param offset its offset; -1 in a timer call
 * @param headers its headers; {@code null} in a timer call
 */
public record RecordMetadata(@Nullable String topic, int partition, long offset, @Nullable Headers headers) {

    static final RecordMetadata NONE = new RecordMetadata(null, -1, -1L, null);

    /** The metadata seen inside timer calls. */
    public static RecordMetadata none() {
        return NONE;
    }
}
