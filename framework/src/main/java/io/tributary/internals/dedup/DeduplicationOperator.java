package io.tributary.internals.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tributary.api.KeySelector;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.dedup.Deduplication;
import io.tributary.internals.engine.ExpiringMarkers;
import io.tributary.internals.engine.InputForwarding;
import io.tributary.internals.engine.MarkerState;
import io.tributary.internals.engine.ScannedFields;
import io.tributary.internals.engine.ScannedFieldsFunction;
import io.tributary.internals.json.JsonFieldReader;
import io.tributary.serde.Serdes;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Drops repeated keys within a scope. On first sight the operator stores a marker (keep-first: the time the scope
 * started; keep-last: the latest value), which goes when the scope ends, so state stays bounded by the keys seen within
 * one scope; the marker is committed with the outputs, so a restart recognises the same duplicates. Keep-first's
 * marker says when its scope ends (start + scope), so it expires by itself, as a timer at the scope's end clearing it
 * would ({@link ExpiringMarkers}), without a timer per key; its markers are held in full in a compact table and logged
 * packed, a few changelog records per commit rather than one per key remembered, and none per key forgotten. Keep-last
 * emits the value when the scope ends, so it registers a timer at the end, which emits and clears it.
 *
 * <p>Keep-first reads nothing of a record but its key, event time and output key, and forwards its bytes, so it takes
 * records as those fields' texts ({@link ScannedFieldsFunction}) and the task need not parse each value into a tree.
 */
final class DeduplicationOperator implements KeyedProcessFunction<String, JsonNode, JsonNode>,
        ScannedFieldsFunction<String, JsonNode> {

    static final ValueStateDescriptor<Long> FIRST_SEEN = ValueStateDescriptor.of("dedup-first-seen", Serdes.longs());

    static final ValueStateDescriptor<JsonNode> LATEST = ValueStateDescriptor.of("dedup-latest", Serdes.jsonNode());

    private final DeduplicationSpec spec;
    private @Nullable ValueState<Long> firstSeen;
    // keep-first's markers when its context expires them: the same state as firstSeen, read and written unboxed
    private @Nullable MarkerState markers;
    private @Nullable ValueState<JsonNode> latest;

    DeduplicationOperator(DeduplicationSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext context) {
        if (spec.keepLast()) {
            latest = context.state(LATEST);
        }
        else {
            if (context instanceof ExpiringMarkers expiring) {
                // timers logged by a version that kept a timer per key just fire: their markers expire at their time
                long scope = spec.scopeMillis();
                markers = expiring.markerState(FIRST_SEEN, domain(), start -> start + scope, Duration.ofMillis(scope));
                firstSeen = markers;
            }
            else {
                firstSeen = context.state(FIRST_SEEN);
            }
        }
    }

    /**
     * Keep-first forwards its input, so it needs no tree when its output key is the dedup key or a top-level field;
     * keep-last stores and emits the value itself.
     */
    @Override
    public @Nullable List<String> scannedFields() {
        KeySelector<JsonNode, String> selector = spec.outputKey();
        if (spec.keepLast()) {
            return null;
        }
        if (selector == null) {
            return List.of();
        }
        if (selector instanceof JsonFieldReader reader && reader.fieldPaths().size() == 1
                && reader.fieldPaths().get(0).depth() == 1) {
            return List.of(reader.fieldPaths().get(0).path());
        }
        return null;
    }

    @Override
    public void processFields(ScannedFields fields, ProcessContext<String, JsonNode> context) {
        MarkerState marked = unboxedMarkers(context);
        if (marked != null) {
            // the output key as the bytes it has in the value: no string decoded and encoded again
            processMarked(marked, null, fields, context);
            return;
        }
        process(null, fields.size() == 0 ? null : fields.text(0), context);
    }

    /** The marker state when keep-first runs unboxed on {@code context} ({@link #processMarked}), else {@code null}. */
    private @Nullable MarkerState unboxedMarkers(ProcessContext<String, JsonNode> context) {
        MarkerState marked = markers;
        return marked != null && context instanceof ExpiringMarkers && context instanceof InputForwarding<?> ? marked
                : null;
    }

    /**
     * Keep-first on a context that expires its markers and forwards bytes, as {@link #process} does it but with times
     * as epoch millis and the marker unboxed: this runs once per record, and the objects were most of its garbage. The
     * output key is the first of the scanned {@code fields}' bytes when given (read only for a first occurrence), else
     * {@code outputKey} as in {@link #process}.
     */
    @SuppressWarnings("unchecked")
    private void processMarked(MarkerState marked, @Nullable String outputKey, @Nullable ScannedFields fields,
            ProcessContext<String, JsonNode> context) {
        if (marked.isSet()) {
            duplicate(context);
            return;
        }
        long timestamp = ((ExpiringMarkers) context).timestampMillis();
        long start = spec.processingTime() ? context.currentProcessingTime().toEpochMilli() : timestamp;
        marked.set(start);
        InputForwarding<String> forwarding = (InputForwarding<String>) context;
        byte[] outputKeyUtf8 = fields == null || fields.size() == 0 ? null : fields.utf8(0);
        if (outputKeyUtf8 != null) {
            forwarding.emitInputUnderUtf8Key(outputKeyUtf8, timestamp);
        }
        else {
            forward(forwarding, outputKey, timestamp);
        }
    }

    private void duplicate(ProcessContext<String, JsonNode> context) {
        context.countDuplicate();
        OutputTag<?> duplicates = spec.duplicates();
        if (duplicates != null) {
            context.sideOutputInput(duplicates, Map.of(Deduplication.DUPLICATE_OF_HEADER, context.currentKey()));
        }
    }

    @Override
    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
        // read before remembering, so a value without its output key is dead-lettered, not stored or emitted later
        process(value, spec.outputKey() == null ? null : outputKey(value, context), context);
    }

    /**
     * Processes a record whose value is {@code value}, or only its bytes when {@code null} (keep-first only), keyed on
     * output by {@code outputKey}, or by its key when {@code null}.
     */
    @SuppressWarnings("unchecked")
    private void process(@Nullable JsonNode value, @Nullable String outputKey,
            ProcessContext<String, JsonNode> context) {
        MarkerState marked = unboxedMarkers(context);
        if (marked != null) {
            processMarked(marked, outputKey, null, context);
            return;
        }
        boolean seen = spec.keepLast() ? latest().value() != null : firstSeen().value() != null;
        if (seen) {
            if (spec.keepLast()) {
                latest().update(Objects.requireNonNull(value, "keep-last reads the value"));
            }
            duplicate(context);
            return;
        }
        Instant start = spec.processingTime() ? context.currentProcessingTime() : context.timestamp();
        Instant end = start.plusMillis(spec.scopeMillis());
        // A scope already behind the watermark still registers its timer (or sets its expiring marker): like any timer
        // in the past it fires at the next watermark advance, so a repeat arriving before then is still recognised.
        if (spec.keepLast()) {
            latest().update(Objects.requireNonNull(value, "keep-last reads the value"));
        }
        else {
            firstSeen().update(start.toEpochMilli());
            if (context instanceof InputForwarding<?>) {
                // the first occurrence passes unchanged: its bytes as read, not re-serialised
                forward((InputForwarding<String>) context, outputKey, context.timestamp().toEpochMilli());
            }
            else {
                context.emit(outputKey == null ? context.currentKey() : outputKey,
                        Objects.requireNonNull(value, "only an InputForwarding context forwards bytes"),
                        context.timestamp());
            }
        }
        if (markers != null) {
            // expires by itself
            return;
        }
        if (spec.processingTime()) {
            context.timerService().registerProcessingTimeTimer(end);
        }
        else {
            context.timerService().registerEventTimeTimer(end);
        }
    }

    @Override
    public void onTimer(TimerContext<String, JsonNode> context) {
        if (spec.keepLast()) {
            JsonNode last = latest().value();
            if (last != null) {
                context.emit(outputKey(last, context), last, context.timestamp());
            }
            latest().update(null);
        }
        else if (markers == null) {
            firstSeen().clear();
        }
    }

    /** Forwards the input under {@code outputKey}, or under its key as it is (no decoding) when {@code null}. */
    private static void forward(InputForwarding<String> context, @Nullable String outputKey, long timestampMillis) {
        if (outputKey == null) {
            context.emitInputUnderCurrentKey(timestampMillis);
        }
        else {
            context.emitInput(outputKey, timestampMillis);
        }
    }

    private TimeDomain domain() {
        return spec.processingTime() ? TimeDomain.PROCESSING_TIME : TimeDomain.EVENT_TIME;
    }

    private String outputKey(JsonNode value, ProcessContext<String, JsonNode> context) {
        var selector = spec.outputKey();
        if (selector == null) {
            return context.currentKey();
        }
        String key = selector.selectKey(null, value);
        if (key == null) {
            throw new IllegalArgumentException("deduplication '" + context.processorName() + "' cannot key its output: "
                    + selector + " is missing, null, empty or not a scalar in this record");
        }
        return key;
    }

    private ValueState<Long> firstSeen() {
        ValueState<Long> state = firstSeen;
        if (state == null) {
            throw new IllegalStateException("deduplication operator used before open()");
        }
        return state;
    }

    private ValueState<JsonNode> latest() {
        ValueState<JsonNode> state = latest;
        if (state == null) {
            throw new IllegalStateException("deduplication operator used before open()");
        }
        return state;
    }
}
