package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.json.Iso8601;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.json.JsonFieldReader;
import io.tributary.internals.json.JsonFieldScanner;
import io.tributary.serde.Serdes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads key, event time and a few more top-level fields of a JSON record from its bytes ({@link JsonFieldScanner}),
 * for a {@link RecordExtractor} whose caller needs no value tree: the key joined by {@code |} as
 * {@code KeySelectors.fields} joins it, the time as {@code EventTimeExtractors.field} reads it, each extra field's
 * text as {@code KeySelectors.field} reads it ({@link ScannedFields}). Where the bytes leave any doubt (malformed,
 * escaped, a fractional key or time, missing, a time that does not parse) it answers {@code false} and the extractor
 * parses the tree as before, so results, dead letters and their reasons are those of the tree. Only an extra field
 * that is neither key nor time may hold a fraction ({@link JsonFieldScanner#DECIMAL}), and only for a caller that says
 * it reads them.
 * Reused per record; single-threaded.
 */
final class ScanningExtractor {

    private final JsonFieldScanner scanner;
    /** Scanner field index of each key path, in key order; empty when the key is not read from the value. */
    private final int[] keyFields;
    /** Scanner field index of the event time; -1 for the record timestamp. */
    private final int timeField;
    /** Whether key and time come from a source record (else from a repartition topic, where the extractor sets them). */
    private final boolean fromSource;
    private final AsciiView timeText = new AsciiView();
    /** By scanner field index: whether the field may be {@link JsonFieldScanner#DECIMAL}. */
    private final boolean[] decimals;

    /** The key fields' texts joined by {@code |} as UTF-8: the key serde's form of the key string they make. */
    byte[] keyBytes = new byte[0];
    long timestamp;
    /** The extra fields of the last record read. */
    final ScannedFields fields;

    private ScanningExtractor(List<String> names, int[] keyFields, int timeField, boolean fromSource,
            int[] extraFields, boolean[] decimals) {
        this.scanner = new JsonFieldScanner(names);
        this.keyFields = keyFields;
        this.timeField = timeField;
        this.decimals = decimals;
        this.fromSource = fromSource;
        this.fields = new ScannedFields(scanner, extraFields);
    }

    /**
     * A scanning extractor for {@code definition}, reading besides key and time the top-level fields {@code extra};
     * {@code null} when its records cannot be read from their bytes: values not JSON trees of the default mapper, a key
     * or time not read by the shipped field selectors, or a nested path. From a repartition topic, key and time come
     * from the record and only {@code extra} is scanned (which also checks the value is well-formed). With
     * {@code extraDecimals}, an extra field that is neither key nor time may be {@link JsonFieldScanner#DECIMAL}.
     */
    static @Nullable ScanningExtractor of(ProcessorDefinition<?, ?, ?> definition, boolean fromRepartitionTopic,
            List<String> extra, boolean extraDecimals) {
        if (definition.valueSerde() != Serdes.jsonNode()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        int[] keyFields = new int[0];
        int timeField = -1;
        if (!fromRepartitionTopic) {
            if (definition.keySerde() != Serdes.string()
                    || !(definition.keySelector() instanceof JsonFieldReader key)) {
                return null;
            }
            List<JsonFieldPath> keyPaths = key.fieldPaths();
            keyFields = new int[keyPaths.size()];
            for (int i = 0; i < keyFields.length; i++) {
                keyFields[i] = index(names, keyPaths.get(i));
            }
            Object time = definition.eventTimeExtractor();
            if (time != null) {
                if (!(time instanceof JsonFieldReader reader) || reader.fieldPaths().size() != 1) {
                    return null;
                }
                timeField = index(names, reader.fieldPaths().get(0));
                if (timeField < 0) {
                    return null;
                }
            }
        }
        int[] extraFields = new int[extra.size()];
        for (int i = 0; i < extraFields.length; i++) {
            extraFields[i] = index(names, JsonFieldPath.of(extra.get(i)));
        }
        for (int field : keyFields) {
            if (field < 0) {
                return null;
            }
        }
        for (int field : extraFields) {
            if (field < 0) {
                return null;
            }
        }
        boolean[] decimals = new boolean[names.size()];
        for (int field : extraFields) {
            decimals[field] = extraDecimals;
        }
        // key and time are read as texts, which a decimal's literal is not
        for (int field : keyFields) {
            decimals[field] = false;
        }
        if (timeField >= 0) {
            decimals[timeField] = false;
        }
        return new ScanningExtractor(names, keyFields, timeField, !fromRepartitionTopic, extraFields, decimals);
    }

    /** The index of top-level field {@code path} among {@code names}, added if new; -1 for a nested path. */
    private static int index(List<String> names, JsonFieldPath path) {
        if (path.depth() != 1) {
            return -1;
        }
        int index = names.indexOf(path.path());
        if (index >= 0) {
            return index;
        }
        names.add(path.path());
        return names.size() - 1;
    }

    /** Reads {@code record}'s value; {@code false} when the tree must decide. */
    boolean extract(ConsumerRecord<byte[], byte[]> record, byte[] value) {
        if (!scanner.scan(value) || !scanner.allHaveText(decimals)) {
            return false;
        }
        if (timeField < 0) {
            timestamp = record.timestamp();
            // from a source, a record without a timestamp is dead-lettered (by the tree path)
            if (timestamp < 0 && fromSource) {
                return false;
            }
        }
        else if ((timestamp = millis(value)) == Long.MIN_VALUE) {
            return false;
        }
        if (keyFields.length > 0) {
            keyBytes = joinedKey(value);
        }
        fields.scanned(value);
        return true;
    }

    /** The key fields' texts (their bytes as they stand in the value) joined by {@code |}, as UTF-8. */
    private byte[] joinedKey(byte[] value) {
        int size = keyFields.length - 1;
        for (int field : keyFields) {
            size += scanner.end(field) - scanner.start(field);
        }
        byte[] joined = new byte[size];
        int pos = 0;
        for (int i = 0; i < keyFields.length; i++) {
            if (i > 0) {
                joined[pos++] = '|';
            }
            int start = scanner.start(keyFields[i]);
            int length = scanner.end(keyFields[i]) - start;
            System.arraycopy(value, start, joined, pos, length);
            pos += length;
        }
        return joined;
    }

    /** The event time as {@code EventTimeExtractors.field} reads it, or {@link Long#MIN_VALUE} to ask the tree. */
    private long millis(byte[] value) {
        int start = scanner.start(timeField);
        int end = scanner.end(timeField);
        byte kind = scanner.kind(timeField);
        if (kind == JsonFieldScanner.INTEGER) {
            // up to 18 digits always fits a long; longer ones (and their range check) are the tree's
            return end - start > 18 ? Long.MIN_VALUE : parseLong(value, start, end);
        }
        if (kind != JsonFieldScanner.STRING || !timeText.wrap(value, start, end)) {
            return Long.MIN_VALUE;
        }
        try {
            return Iso8601.parseEpochMillis(timeText);
        }
        catch (DateTimeParseException | IllegalArgumentException ex) {
            return Long.MIN_VALUE;
        }
    }

    private static long parseLong(byte[] value, int start, int end) {
        boolean negative = value[start] == '-';
        long result = 0;
        for (int i = negative ? start + 1 : start; i < end; i++) {
            result = result * 10 + (value[i] - '0');
        }
        return negative ? -result : result;
    }

    /** ASCII bytes seen as characters without copying them, for the time parser; re-pointed per record. */
    private static final class AsciiView implements CharSequence {

        private byte[] bytes = new byte[0];
        private int offset;
        private int length;

        /** Points at {@code [start, end)}; {@code false} if it is not all ASCII. */
        boolean wrap(byte[] source, int start, int end) {
            for (int i = start; i < end; i++) {
                if (source[i] < 0) {
                    return false;
                }
            }
            bytes = source;
            offset = start;
            length = end - start;
            return true;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) bytes[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
    }
}
