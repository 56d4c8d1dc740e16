package io.tributary.api;

import java.time.format.DateTimeParseException;
import java.util.List;

import io.tributary.internals.json.Iso8601;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.json.JsonFieldReader;
import io.tributary.internals.json.MillisExtractor;
import tools.jackson.databind.JsonNode;

/**
 * The shipped {@link EventTimeExtractor}s: the Kafka record timestamp, and a field of a JSON value.
 *
 * <p>All are stateless and thread-safe, never throw for bad input, and return {@code null} when a record has
 * no usable time, which dead-letters it as {@code missing-timestamp}.
 */
public final class EventTimeExtractors {

    private static final RecordTimestamp<Object> RECORD_TIMESTAMP = new RecordTimestamp<>();

    private EventTimeExtractors() {
    }

    /**
     * The Kafka record timestamp (producer create time or broker append time, as the topic is configured);
     * {@code null} when the record has none (Kafka reports -1).
     */
    @SuppressWarnings("unchecked")
    public static <V> EventTimeExtractor<V> recordTimestamp() {
        return (EventTimeExtractor<V>) RECORD_TIMESTAMP;
    }

    /**
     * The JSON node at {@code path}, a dotted path such as {@code event.occurred_at}, read either as an
     * ISO-8601 string with an offset ({@code 2026-11-21T10:03:07.250Z}, {@code 2026-11-21T11:03:07+01:00};
     * fractions up to nanoseconds are truncated to milliseconds) or as a JSON number of epoch milliseconds
     * (a fractional part is dropped). A missing field, JSON {@code null}, a string that is not such an instant,
     * or any other node gives {@code null}; a date-time without an offset is not guessed to be UTC.
     *
     * @throws IllegalArgumentException if {@code path} is blank or has an empty segment
     */
    public static EventTimeExtractor<JsonNode> field(String path) {
        return new Field(JsonFieldPath.of(path));
    }

    private static final class RecordTimestamp<V> implements MillisExtractor<V> {

        @Override
        public long extractMillis(V value, long recordTimestampMillis) {
            return recordTimestampMillis < 0 ? NONE : recordTimestampMillis;
        }

        @Override
        public String toString() {
            return "EventTimeExtractors.recordTimestamp()";
        }
    }

    private static final class Field implements MillisExtractor<JsonNode>, JsonFieldReader {

        // doubles beyond 2^63 would saturate to Long.MAX_VALUE instead of failing
        private static final double LONG_RANGE = 0x1p63;

        private final JsonFieldPath path;

        Field(JsonFieldPath path) {
            this.path = path;
        }

        @Override
        public List<JsonFieldPath> fieldPaths() {
            return List.of(path);
        }

        @Override
        public long extractMillis(JsonNode value, long recordTimestampMillis) {
            JsonNode node = path.find(value);
            if (node == null) {
                return NONE;
            }
            if (node.isString()) {
                try {
                    return Iso8601.parseEpochMillis(node.stringValue());
                }
                catch (DateTimeParseException | IllegalArgumentException ex) {
                    return NONE;
                }
            }
            if (node.isIntegralNumber()) {
                return node.canConvertToLong() ? node.longValue() : NONE;
            }
            if (node.isNumber()) {
                double millis = node.doubleValue();
                if (Double.isNaN(millis) || millis >= LONG_RANGE || millis < -LONG_RANGE) {
                    return NONE;
                }
                return (long) Math.floor(millis);
            }
            return NONE;
        }

        @Override
        public String toString() {
            return "EventTimeExtractors.field(" + path + ")";
        }
    }
}
