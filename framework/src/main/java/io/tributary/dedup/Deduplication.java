package io.tributary.dedup;

import io.tributary.internals.topics.TopicNames;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.tributary.api.JsonOperatorBuilder;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.dedup.DeduplicationSpec;
import io.tributary.internals.dedup.WholeValueKeySelector;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Deduplication of JSON records by key within a scope, built into a {@link ProcessorDefinition} by {@link #builder}:
 *
 * <pre>{@code
 * ProcessorDefinition<String, JsonNode, JsonNode> dedup = Deduplication.builder("dedup")
 *         .source("stock_ticker")
 *         .output("stock_ticker_dedup")
 *         .keyBy("symbol", "timestamp")
 *         .eventTime("timestamp")
 *         .scope(Duration.ofMinutes(10))
 *         .deadLetterTopic("stock_ticker_dlt")
 *         .build();
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li><b>Key</b>: the values of one or more JSON fields ({@link Builder#keyBy}, joined by {@code |} as
 *     {@link KeySelectors#fields} reads them), or the whole value ({@link Builder#wholeValue}: the SHA-256 of the
 *     value written with sorted properties). A record without its key fields is dead-lettered.</li>
 * <li><b>Scope</b>: a key is remembered from its first occurrence until its scope ends; every later occurrence
 *     within the scope is a <em>duplicate</em>. In event time (the default) the scope of a first occurrence at event
 *     time {@code t} ends when the watermark (highest event time seen - {@code maxOutOfOrderness} - 1 ms) reaches
 *     {@code t + scope}; in processing time ({@link Builder#scopeInProcessingTime}) when the processing clock reaches
 *     the moment of first sight + scope. After that the key is forgotten and its next occurrence is a first
 *     occurrence again. An event-time record whose scope has already ended when it arrives (a record later than
 *     the scope) passes as a first occurrence and is remembered until the watermark next advances, so repeats that
 *     arrive right behind it are still dropped.</li>
 * <li><b>State</b>: one entry per remembered key, gone when the scope ends (no store scan), so state is bounded by
 *     the keys seen within one scope. State is committed with the outputs and input offsets: after a crash a
 *     duplicate is still recognised and no first occurrence is lost or doubled (under exactly-once). With keep-first
 *     the entry expires by itself, as a timer at the scope's end would clear it, and entries are logged packed, many
 *     to a changelog record; keep-last also registers and logs a timer per key, which emits the last occurrence.</li>
 * <li><b>Policy</b>: {@link Builder#keepFirst} (default) emits the first occurrence at once, unchanged, stamped with
 *     its event time. {@link Builder#keepLast} emits nothing at once and emits the last occurrence when the scope
 *     ends, stamped with the scope's end.</li>
 * <li><b>Duplicates</b> (every occurrence after the first within the scope, including with keep-last) are counted
 *     ({@code tributary.records.duplicate}) and dropped or, with {@link Builder#duplicatesTo}, sent unchanged (key,
 *     value, headers as read) to that topic with header {@value #DUPLICATE_OF_HEADER} holding the key.</li>
 * <li><b>Output key</b>: the text of {@link Builder#outputKeyField}, by default the first key field, so output stays
 *     partitioned like input keyed by that field; with {@link Builder#wholeValue} and no output key field, the
 *     dedup key (the hash). A record lacking its output key field is dead-lettered.</li>
 * </ul>
 */
public final class Deduplication {

    /** The side output duplicates go to; {@link Builder#duplicatesTo} maps it to a topic. */
    public static final OutputTag<JsonNode> DUPLICATES = OutputTag.of("duplicates", Serdes.jsonNode());

    /** Header of a record sent to the duplicates topic: the dedup key it repeats, UTF-8. */
    public static final String DUPLICATE_OF_HEADER = "tributary-duplicate-of";

    private Deduplication() {
    }

    /** Starts a deduplication; {@code name} names the processor (its consumer group, state and metrics). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds a deduplication; every setter validates its argument and {@link #build()} checks that the parts fit
     * together, so a bad configuration fails at startup with a message naming the setting. Not thread-safe.
     */
    public static final class Builder extends JsonOperatorBuilder<Builder> {

        private boolean wholeValue;
        private @Nullable String outputKeyPath;
        private @Nullable Duration scope;
        private boolean processingTime;
        private boolean keepLast;
        private @Nullable String duplicatesTopic;

        private Builder(String name) {
            super(name);
        }

        /**
         * The dedup key is the whole value: two records are duplicates when their JSON values are equal, whatever
         * the order of their properties or their whitespace.
         */
        public Builder wholeValue() {
            this.wholeValue = true;
            return this;
        }

        /** The JSON field (dotted path) whose text keys output records; default the first {@link #keyBy} field. */
        public Builder outputKeyField(String fieldPath) {
            JsonFieldPath.of(fieldPath);
            this.outputKeyPath = fieldPath;
            return this;
        }

        /** How long a key is remembered after its first occurrence; required, whole milliseconds. */
        public Builder scope(Duration scope) {
            Objects.requireNonNull(scope, "scope");
            if (scope.isNegative() || scope.isZero() || scope.compareTo(Duration.ofMillis(scope.toMillis())) != 0) {
                throw new IllegalArgumentException("scope of deduplication '" + name()
                        + "' must be a positive whole number of milliseconds, got " + scope
                        + "; use e.g. Duration.ofMinutes(10)");
            }
            this.scope = scope;
            return this;
        }

        /** The scope ends when the watermark passes first occurrence's event time + scope (the default). */
        public Builder scopeInEventTime() {
            this.processingTime = false;
            return this;
        }

        /**
         * The scope ends when the processing clock passes the moment of first sight + scope: no watermark, so a key
         * is forgotten even when its partition goes quiet, but a replay may recognise different duplicates.
         */
        public Builder scopeInProcessingTime() {
            this.processingTime = true;
            return this;
        }

        /** Emits the first occurrence at once, unchanged (the default). */
        public Builder keepFirst() {
            this.keepLast = false;
            return this;
        }

        /** Emits the last occurrence within the scope when the scope ends, instead of the first at once. */
        public Builder keepLast() {
            this.keepLast = true;
            return this;
        }

        /**
         * Where duplicates go, unchanged, with header {@value #DUPLICATE_OF_HEADER}; without it they are counted
         * and dropped.
         */
        public Builder duplicatesTo(String topic) {
            this.duplicatesTopic = TopicNames.require(topic, "duplicates");
            return this;
        }

        /**
         * The processor definition running this deduplication.
         *
         * @throws IllegalStateException if a required part is missing or parts contradict each other
         */
        public ProcessorDefinition<String, JsonNode, JsonNode> build() {
            String what = "deduplication '" + name() + "'";
            requireSourcesAndOutput(what);
            List<String> keyPaths = keyPaths();
            if (keyPaths.isEmpty() == !wholeValue) {
                throw new IllegalStateException(what + (wholeValue ? " sets both keyBy(...) and wholeValue(); keep one"
                        : " has no key; call keyBy(\"field\", ...) or wholeValue()"));
            }
            if (scope == null) {
                throw new IllegalStateException(what + " has no scope; call e.g. scope(Duration.ofMinutes(10))");
            }
            if (processingTime && hasEventTime()) {
                throw new IllegalStateException(what + " sets both scopeInProcessingTime() and eventTime(...); keep one");
            }
            String outputKey = outputKeyPath != null ? outputKeyPath : wholeValue ? null : keyPaths.get(0);
            KeySelector<JsonNode, String> key = wholeValue ? new WholeValueKeySelector()
                    : KeySelectors.fields(keyPaths.toArray(String[]::new));
            DeduplicationSpec spec = new DeduplicationSpec(scope.toMillis(), processingTime, keepLast,
                    duplicatesTopic == null ? null : DUPLICATES, outputKey == null ? null : KeySelectors.field(outputKey));
            // its markers live on the heap, where humongous fetch responses make G1 resize it (see smallFetches)
            ProcessorDefinition.Builder<String, JsonNode, JsonNode> definition = definition(what, key)
                    .function(spec::newOperator)
                    .smallFetches();
            if (processingTime) {
                // event time is unused: accept records without a Kafka timestamp instead of dead-lettering them
                definition.eventTime((value, recordTimestamp) -> recordTimestamp);
            }
            if (duplicatesTopic != null) {
                definition.sideOutput(DUPLICATES, duplicatesTopic);
            }
            return definition.build();
        }

    }
}
