package io.tributary.internals.engine;

import java.time.Instant;
import java.util.List;

import io.tributary.api.EventTimeExtractor;
import io.tributary.api.KeySelector;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.json.MillisExtractor;
import io.tributary.serde.Serde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads value, key and event time from a raw input record, or says why it cannot. Reused per record
 * (its result fields are overwritten), so it allocates nothing of its own on the hot path.
 *
 * <p>Two modes: from a source topic (the definition's key selector and time extractor), and from the
 * processor's repartition topic, where the key is the record key and the event time the record timestamp,
 * both written by the repartitioning step.
 *
 * <p>A caller that needs no value tree, only key, time and the text of a few top-level fields, says so with
 * {@code scannedFields}; where the definition allows it ({@link ScanningExtractor#of}), those are then read from the
 * value's bytes, {@link #scanned} is set and {@link #value} left {@code null}. A record the scan leaves in doubt is
 * read as a tree, as any other; when most records do, scanning pauses ({@link ScanFallbacks}).
 */
final class RecordExtractor<K, V> {

    private final Serde<V> valueSerde;
    private final Serde<K> keySerde;
    private final KeySelector<V, K> keySelector;
    private final @Nullable EventTimeExtractor<V> timeExtractor;
    private final @Nullable MillisExtractor<V> fastTimeExtractor;
    private final boolean fromRepartitionTopic;
    private final @Nullable ScanningExtractor scanning;
    private final ScanFallbacks fallbacks = new ScanFallbacks();

    @Nullable V value;
    /**
     * The key; {@code null} when it was read from a source record's value bytes, left for the task to decode from
     * {@link #keyBytes} only if its function asks ({@link #key()}).
     */
    @Nullable K key;
    byte[] keyBytes = new byte[0];
    long timestamp;
    @Nullable DeadLetterReason failure;
    @Nullable String failureDetail;
    @Nullable Throwable failureCause;
    /** Whether the last record was read from its bytes: {@link #value} is then {@code null}, {@link #fields} set. */
    boolean scanned;

    RecordExtractor(ProcessorDefinition<K, V, ?> definition, boolean fromRepartitionTopic) {
        this(definition, fromRepartitionTopic, null);
    }

    /**
     * @param scannedFields the top-level fields whose texts the caller reads when it gets no value tree; {@code null}
     *        when it needs the tree
     */
    RecordExtractor(ProcessorDefinition<K, V, ?> definition, boolean fromRepartitionTopic,
            @Nullable List<String> scannedFields) {
        this(definition, fromRepartitionTopic, scannedFields, false);
    }

    /**
     * @param scannedFields the top-level fields whose texts the caller reads when it gets no value tree; {@code null}
     *        when it needs the tree
     * @param decimalFields whether the caller also reads those fields that are neither key nor time when they hold
     *        a number with a fraction or exponent ({@link io.tributary.internals.json.JsonFieldScanner#DECIMAL})
     */
    @SuppressWarnings("unchecked")
    RecordExtractor(ProcessorDefinition<K, V, ?> definition, boolean fromRepartitionTopic,
            @Nullable List<String> scannedFields, boolean decimalFields) {
        this.valueSerde = definition.valueSerde();
        this.keySerde = definition.keySerde();
        this.keySelector = definition.keySelector();
        this.timeExtractor = definition.eventTimeExtractor();
        this.fastTimeExtractor = timeExtractor instanceof MillisExtractor<?> fast ? (MillisExtractor<V>) fast : null;
        this.fromRepartitionTopic = fromRepartitionTopic;
        this.scanning = scannedFields == null ? null
                : ScanningExtractor.of(definition, fromRepartitionTopic, scannedFields, decimalFields);
    }

    /** The key of the last record, decoded from {@link #keyBytes} if it was scanned. */
    K key() {
        K current = key;
        return current != null ? current : keySerde.deserialize(keyBytes);
    }

    /**
     * Whether {@link #keyBytes} are what the key serde makes of the key: from a source, where they were serialized
     * from it or scanned as UTF-8 text; not from a repartition topic, where they are the record's.
     */
    boolean keyBytesEncodeKey() {
        return !fromRepartitionTopic;
    }

    /** The scanned fields of the last record; only when {@link #scanned}. */
    ScannedFields fields() {
        return java.util.Objects.requireNonNull(scanning, "only a scanned record has scanned fields").fields;
    }

    /** Reads {@code record}; returns {@code false} with {@link #failure} set when it must be dead-lettered. */
    boolean extract(ConsumerRecord<byte[], byte[]> record) {
        failure = null;
        failureDetail = null;
        failureCause = null;
        byte[] raw = record.value();
        if (raw == null) {
            return fail(DeadLetterReason.NULL_VALUE, "record has no value (tombstone)", null);
        }
        ScanningExtractor scan = scanning;
        scanned = false;
        if (scan != null && fallbacks.scanNext()) {
            scanned = scan.extract(record, raw) && scannedKey(record, scan);
            fallbacks.scanned(scanned);
        }
        if (scanned) {
            value = null;
            return true;
        }
        try {
            value = valueSerde.deserialize(raw);
        }
        catch (RuntimeException ex) {
            return fail(DeadLetterReason.DESERIALIZATION, ex.getMessage(), ex);
        }
        return fromRepartitionTopic ? extractRepartitioned(record) : extractFromSource(record);
    }

    private boolean extractFromSource(ConsumerRecord<byte[], byte[]> record) {
        K selected;
        try {
            selected = keySelector.selectKey(record.key(), value);
        }
        catch (RuntimeException ex) {
            return fail(DeadLetterReason.MISSING_KEY, "key selector failed: " + ex.getMessage(), ex);
        }
        if (selected == null) {
            return fail(DeadLetterReason.MISSING_KEY, "no key could be read from the record", null);
        }
        key = selected;
        try {
            keyBytes = keySerde.serialize(selected);
        }
        catch (RuntimeException ex) {
            return fail(DeadLetterReason.MISSING_KEY, "key cannot be serialized: " + ex.getMessage(), ex);
        }
        if (timeExtractor == null) {
            timestamp = record.timestamp();
            return timestamp >= 0 || fail(DeadLetterReason.MISSING_TIMESTAMP, "record has no timestamp", null);
        }
        try {
            if (fastTimeExtractor != null) {
                long millis = fastTimeExtractor.extractMillis(value, record.timestamp());
                if (millis == Long.MIN_VALUE) {
                    return fail(DeadLetterReason.MISSING_TIMESTAMP, "no event time could be read from the record", null);
                }
                timestamp = millis;
                return true;
            }
            Instant time = timeExtractor.extract(value, Instant.ofEpochMilli(record.timestamp()));
            if (time == null) {
                return fail(DeadLetterReason.MISSING_TIMESTAMP, "no event time could be read from the record", null);
            }
            timestamp = time.toEpochMilli();
            return true;
        }
        catch (RuntimeException ex) {
            return fail(DeadLetterReason.MISSING_TIMESTAMP, "event time extractor failed: " + ex.getMessage(), ex);
        }
    }

    /** Takes the scanned key and time; from a repartition topic the key is the record's, as in the tree path. */
    private boolean scannedKey(ConsumerRecord<byte[], byte[]> record, ScanningExtractor scan) {
        if (fromRepartitionTopic) {
            try {
                keyBytes = record.key();
                key = keySerde.deserialize(keyBytes);
            }
            catch (RuntimeException ex) {
                // the tree path fails it with its reason
                return false;
            }
            timestamp = record.timestamp();
            return true;
        }
        // a String key (ScanningExtractor.of checks the serde), which the UTF-8 bytes decode to if asked
        key = null;
        keyBytes = scan.keyBytes;
        timestamp = scan.timestamp;
        return true;
    }

    private boolean extractRepartitioned(ConsumerRecord<byte[], byte[]> record) {
        try {
            keyBytes = record.key();
            key = keySerde.deserialize(keyBytes);
        }
        catch (RuntimeException ex) {
            return fail(DeadLetterReason.MISSING_KEY, "repartitioned key unreadable: " + ex.getMessage(), ex);
        }
        timestamp = record.timestamp();
        return true;
    }

    private boolean fail(DeadLetterReason reason, @Nullable String detail, @Nullable Throwable cause) {
        failure = reason;
        failureDetail = detail;
        failureCause = cause;
        return false;
    }
}
