package io.tributary.window;

import io.tributary.internals.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.tributary.api.JsonOperatorBuilder;
import io.tributary.api.KeySelectors;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.WatermarkStrategy;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.window.WindowMath;
import io.tributary.internals.window.WindowOperatorSpec;
import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A windowed aggregation of JSON records per key, built into a {@link ProcessorDefinition} by {@link #builder}:
 *
 * <pre>{@code
 * ProcessorDefinition<String, JsonNode, JsonNode> maxPrice = WindowedAggregation.builder("max-price-tumbling")
 *         .source("stock_ticker_dedup")
 *         .output("stock_max_price_tumbling")
 *         .keyBy("symbol")
 *         .eventTime("timestamp")
 *         .window(TumblingWindows.of(Duration.ofMinutes(10)))
 *         .maxOutOfOrderness(Duration.ofMinutes(3))
 *         .lateRecords("stock_ticker_late")
 *         .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
 *         .build();
 * }</pre>
 *
 * <h2>Semantics: Flink's, exactly</h2>
 * On one input partition the results equal what Flink's {@code WindowOperator} with its default event-time
 * trigger computes for the same input, record for record:
 * <ul>
 * <li><b>Watermark</b> = highest event time seen - {@code maxOutOfOrderness} - 1 ms, updated after each record,
 *     so a record is judged against the watermark of the records before it (see {@link WatermarkStrategy} for how
 *     partitions combine, idleness and idle advance).</li>
 * <li><b>Windows</b>: a record belongs to the windows its {@link WindowAssigner} gives, aligned to the epoch
 *     (plus the offset). A window {@code [start, end)} <b>fires</b> when the watermark reaches {@code end - 1 ms}
 *     ({@link TimeWindow#maxTimestamp()}), emitting its result once: the final result.</li>
 * <li><b>Lateness</b>: a window is late when {@code maxTimestamp + allowedLateness <= watermark}. A record is added to
 *     each of its windows that is not late. A record whose windows are all late is <em>late</em>: it is counted
 *     ({@code tributary.records.late}) and, when {@link Builder#lateRecords} names a topic, sent there unchanged
 *     (key, value, headers) with headers {@value #LATE_WINDOW_START_HEADER} and {@value #LATE_WINDOW_END_HEADER}
 *     (ISO-8601, the latest window it missed) and {@value #WATERMARK_HEADER}; otherwise it is dropped.</li>
 * <li><b>Allowed lateness</b> (default 0): a record arriving after its window fired but within the lateness
 *     updates the window and re-emits its result at once, marked {@code "late_update": true} (Flink's default
 *     trigger fires again for each such record). The window's state is deleted at {@code maxTimestamp +
 *     allowedLateness}, or when it fires if the lateness is 0; state stays bounded however long the stream runs.</li>
 * <li><b>Sessions</b> ({@link SessionWindows}): each record makes the window {@code [ts, ts + gap)}; windows of a
 *     key that overlap or touch merge, accumulators combined with {@link AggregateFunction#merge}, including a
 *     record bridging two sessions. Lateness is judged on the merged window, so a record late for its own window
 *     still joins an open session it reaches.</li>
 * <li><b>Early firings</b> (opt-in, {@link Builder#earlyFirings}): every interval of processing time (aligned to the
 *     epoch), each open window that changed since it was last emitted is emitted as an update marked
 *     {@code "early": true}; its final result still follows when it fires.</li>
 * <li><b>Processing-time windows</b> (opt-in, {@link Builder#processingTime()}): records are placed by the processing
 *     clock when they are processed and windows fire when the clock passes their end; nothing is ever late, and
 *     results depend on when records are processed, so a replay gives different windows.</li>
 * </ul>
 *
 * <h2>Output</h2>
 * One record per firing on the output topic, keyed by the window key (the key fields' values joined by {@code |}),
 * stamped with the window's last millisecond ({@code end - 1 ms}, as Flink stamps window results), valued
 * <pre>{@code {"symbol":"AMZN","window_start":"2026-11-21T10:00:00Z","window_end":"2026-11-21T10:10:00Z","max_price":190,"count":42}}</pre>
 * the key fields as the window's first record had them (dotted paths named with underscores), the window bounds as
 * ISO-8601 instants, then the aggregate's result: its fields when it is a JSON object (or a value Jackson writes as
 * one), else the field {@value #RESULT_FIELD}. Final results carry no marker; early updates add
 * {@code "early": true} and re-emissions within allowed lateness {@code "late_update": true}, so a reader wanting
 * only final results skips records having either field.
 *
 * <p>Records that cannot be read (not JSON, no key field, no event time) or that an aggregation rejects (a built-in
 * aggregation's field holding a non-number) go to the dead-letter topic.
 */
public final class WindowedAggregation {

    /** The side output late records go to; {@link Builder#lateRecords} maps it to a topic. */
    public static final OutputTag<JsonNode> LATE_RECORDS = OutputTag.of("late-records", Serdes.jsonNode());

    /** Header of a late record: the start of the latest window it missed, ISO-8601. */
    public static final String LATE_WINDOW_START_HEADER = "tributary-late-window-start";

    /** Header of a late record: the end of the latest window it missed, ISO-8601. */
    public static final String LATE_WINDOW_END_HEADER = "tributary-late-window-end";

    /** Header of a late record: the watermark it was judged against, ISO-8601. */
    public static final String WATERMARK_HEADER = "tributary-watermark";

    /** Output field: the window's start, ISO-8601. */
    public static final String WINDOW_START_FIELD = "window_start";

    /** Output field: the window's end (exclusive), ISO-8601. */
    public static final String WINDOW_END_FIELD = "window_end";

    /** Output field holding a result that is not a JSON object. */
    public static final String RESULT_FIELD = "result";

    /** Output field marking an early update, {@code true} when present. */
    public static final String EARLY_FIELD = "early";

    /** Output field marking a re-emission caused by a late record within allowed lateness, {@code true} when present. */
    public static final String LATE_UPDATE_FIELD = "late_update";

    private static final Set<String> RESERVED_FIELDS =
            Set.of(WINDOW_START_FIELD, WINDOW_END_FIELD, EARLY_FIELD, LATE_UPDATE_FIELD);

    private WindowedAggregation() {
    }

    /** Starts a windowed aggregation; {@code name} names the processor (its consumer group, state and metrics). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds a windowed aggregation; every setter validates its argument and {@link #build()} checks that the parts
     * fit together, so a bad configuration fails at startup with a message naming the setting. Not thread-safe.
     */
    public static final class Builder extends JsonOperatorBuilder<Builder> {

        private record Aggregate<ACC>(AggregateFunction<JsonNode, ACC, ?> function, Serde<ACC> serde,
                @Nullable List<String> fieldNames) {
        }

        private boolean processingTime;
        private @Nullable WindowAssigner assigner;
        private Duration allowedLateness = Duration.ZERO;
        private @Nullable String lateTopic;
        private @Nullable Duration earlyInterval;
        private @Nullable Aggregate<?> aggregate;

        private Builder(String name) {
            super(name);
        }

        /**
         * Windows by processing time instead of event time: a record goes to the windows of the moment it is
         * processed, and windows fire when the clock passes their end. No watermark, lateness or late records.
         */
        public Builder processingTime() {
            this.processingTime = true;
            return this;
        }

        /** The windows: {@link TumblingWindows}, {@link SlidingWindows} or {@link SessionWindows}. */
        public Builder window(WindowAssigner assigner) {
            this.assigner = Objects.requireNonNull(assigner, "assigner");
            return this;
        }

        /**
         * Lets the watermark move on with processing time after {@code quietTime} without records, so the last
         * windows of a quiet partition fire; see {@link WatermarkStrategy#withIdleAdvance} for the trade-off
         * (records arriving after a long pause may then be late, and a replay may differ).
         */
        public Builder idleAdvance(Duration quietTime) {
            return watermarks(watermarkStrategy().withIdleAdvance(quietTime));
        }

        /**
         * How long after a window fired records may still update it (each re-emitting its result); default 0, as
         * in Flink. Its state is kept that long.
         */
        public Builder allowedLateness(Duration lateness) {
            Objects.requireNonNull(lateness, "lateness");
            if (lateness.isNegative()) {
                throw new IllegalArgumentException("allowedLateness of windowed aggregation '" + name()
                        + "' must not be negative, got " + lateness + "; use Duration.ZERO for none");
            }
            WindowMath.wholeMillis(lateness, "allowedLateness of windowed aggregation '" + name() + "'");
            this.allowedLateness = lateness;
            return this;
        }

        /** Where records too late for all their windows go, unchanged; without it they are counted and dropped. */
        public Builder lateRecords(String topic) {
            this.lateTopic = TopicNames.require(topic, "late-records");
            return this;
        }

        /**
         * Emits an update of each open window that changed, every {@code interval} of processing time (aligned to
         * the epoch), before its final result.
         */
        public Builder earlyFirings(Duration interval) {
            WindowMath.positiveMillis(interval, "earlyFirings interval of windowed aggregation '" + name() + "'");
            this.earlyInterval = interval;
            return this;
        }

        /** A built-in aggregation (or several, combined with {@link Aggregations#of}). */
        public Builder aggregate(Aggregation<?> aggregation) {
            this.aggregate = builtIn(Objects.requireNonNull(aggregation, "aggregation"));
            return this;
        }

        /**
         * A user aggregate function whose accumulator is stored as JSON of {@code accumulatorType}. The function
         * instance is shared by all tasks and threads: keep it stateless.
         */
        public <ACC> Builder aggregate(AggregateFunction<JsonNode, ACC, ?> function, Class<ACC> accumulatorType) {
            return aggregate(function, Serdes.json(Objects.requireNonNull(accumulatorType, "accumulatorType")));
        }

        /** A user aggregate function whose accumulator is stored with {@code accumulatorSerde}; keep it stateless. */
        public <ACC> Builder aggregate(AggregateFunction<JsonNode, ACC, ?> function, Serde<ACC> accumulatorSerde) {
            this.aggregate = new Aggregate<>(Objects.requireNonNull(function, "function"),
                    Objects.requireNonNull(accumulatorSerde, "accumulatorSerde"), null);
            return this;
        }

        /**
         * The processor definition running this aggregation.
         *
         * @throws IllegalStateException if a required part is missing or parts contradict each other
         */
        public ProcessorDefinition<String, JsonNode, JsonNode> build() {
            String what = "windowed aggregation '" + name() + "'";
            requireSourcesAndOutput(what);
            List<String> keyPaths = keyPaths();
            if (keyPaths.isEmpty()) {
                throw new IllegalStateException(what + " has no key; call keyBy(\"field\")");
            }
            if (assigner == null) {
                throw new IllegalStateException(what + " has no windows; call e.g. window(TumblingWindows.of(Duration.ofMinutes(10)))");
            }
            if (aggregate == null) {
                throw new IllegalStateException(what + " has no aggregation; call e.g. aggregate(Aggregations.count())");
            }
            if (processingTime) {
                if (hasEventTime()) {
                    throw new IllegalStateException(what + " sets both processingTime() and eventTime(...); keep one");
                }
                if (!allowedLateness.isZero()) {
                    throw new IllegalStateException(what + " sets allowedLateness " + allowedLateness
                            + " on processing-time windows, where nothing is late; remove it or use event time");
                }
                if (lateTopic != null) {
                    throw new IllegalStateException(what + " sets lateRecords(\"" + lateTopic
                            + "\") on processing-time windows, where nothing is late; remove it or use event time");
                }
            }
            List<String> keyNames = new ArrayList<>();
            Set<String> fields = new LinkedHashSet<>();
            for (String path : keyPaths) {
                String field = path.replace('.', '_');
                if (!fields.add(field) || RESERVED_FIELDS.contains(field)) {
                    throw new IllegalStateException(what + " has key field '" + path + "' whose output name '" + field
                            + "' is taken by another key field or by the window's own fields " + RESERVED_FIELDS
                            + "; key by other fields");
                }
                keyNames.add(field);
            }
            if (aggregate.fieldNames() != null) {
                for (String field : aggregate.fieldNames()) {
                    if (!fields.add(field) || RESERVED_FIELDS.contains(field)) {
                        throw new IllegalStateException(what + ": aggregation " + aggregate.function()
                                + " writes field '" + field + "', which the key fields or the window's own fields "
                                + RESERVED_FIELDS + " already use; choose other fields");
                    }
                }
            }
            WindowOperatorSpec<?> spec = spec(aggregate, keyNames);
            ProcessorDefinition.Builder<String, JsonNode, JsonNode> definition = definition(what,
                    KeySelectors.fields(keyPaths.toArray(String[]::new)))
                    .function(spec::newOperator);
            if (processingTime) {
                // event time is unused: accept records without a Kafka timestamp instead of dead-lettering them
                definition.eventTime((value, recordTimestamp) -> recordTimestamp);
            }
            if (lateTopic != null) {
                definition.sideOutput(LATE_RECORDS, lateTopic);
            }
            return definition.build();
        }

        private <ACC> WindowOperatorSpec<ACC> spec(Aggregate<ACC> parts, List<String> keyNames) {
            List<JsonFieldPath> paths = new ArrayList<>();
            for (String path : keyPaths()) {
                paths.add(JsonFieldPath.of(path));
            }
            return new WindowOperatorSpec<>(Objects.requireNonNull(assigner), processingTime, allowedLateness.toMillis(),
                    earlyInterval == null ? 0 : earlyInterval.toMillis(), lateTopic == null ? null : LATE_RECORDS, paths,
                    keyNames, parts.function(), parts.serde());
        }

        private static <ACC> Aggregate<ACC> builtIn(Aggregation<ACC> aggregation) {
            return new Aggregate<>(aggregation, aggregation.accumulatorSerde(), aggregation.fieldNames());
        }

    }
}
