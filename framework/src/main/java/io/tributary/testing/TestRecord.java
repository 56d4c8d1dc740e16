package io.tributary.testing;

import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A record the {@link ProcessorTestDriver} captured on its way to a topic.
 *
 * @param topic the topic it was sent to
 * @param key its key, decoded ({@code null} when it had none)
 * @param value its value, decoded
 * @param timestamp its timestamp
 * @param headers its headers (empty when none)
 * @param <K> the key type
 * @param <T> the value type
 */
public record TestRecord<K, T>(String topic, @Nullable K key, T value, Instant timestamp, Headers headers) {

    /** The value of header {@code name} as UTF-8, or {@code null}. */
    public @Nullable String header(String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
