package io.tributary.internals.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.internals.engine.ScannedFields;
import io.tributary.internals.engine.ScannedFieldsFunction;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.serde.Serdes;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.TimeDomain;
import io.tributary.window.AggregateFunction;
import io.tributary.window.WindowedAggregation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The window operator's common part, as a keyed process function: the windows of the current key live in one
 * map state keyed by window start (event-time sliding windows of built-in aggregations may keep their panes
 * instead, as {@link SlidingWindowOperator} chooses), so accumulators sit in the state backend (RocksDB), not on
 * the heap; each window has an event-time timer at its last millisecond (a processing-time timer for
 * processing-time windows) and, with allowed lateness, a cleanup timer that much later. Timers are per (key, time),
 * not per window, so one timer may serve several windows of a key and a handler looks up by time which windows are
 * due.
 *
 * <p>What differs between aligned windows (tumbling, sliding) and merging ones (sessions) is in the subclasses;
 * here are lateness, output, late records and early firings, following Flink's {@code WindowOperator} with its
 * default {@code EventTimeTrigger}.
 *
 * <p>When it reads only top-level fields ({@link WindowInputFields}), the task may scan them from the record's bytes;
 * the operator then processes the object of those fields as it would the value.
 */
abstract class WindowOperator<ACC>
        implements KeyedProcessFunction<String, JsonNode, JsonNode>, ScannedFieldsFunction<String, JsonNode> {

    /** How a window's result was produced; only the final one carries no marker in the output. */
    enum Firing {
        FINAL, EARLY, LATE_UPDATE
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The state of the key's windows by start. */
    static final String WINDOWS_STATE = "windows";

    protected final AggregateFunction<JsonNode, ACC, ?> function;
    protected final boolean processingTime;
    protected final long lateness;
    protected final long earlyInterval;
    private final WindowOperatorSpec<ACC> spec;
    private final MapStateDescriptor<Long, WindowEntry<ACC>> descriptor;
    private final JsonMapper mapper = Serdes.defaultJsonMapper();
    /** The fields the operator reads, when it reads only top-level ones. */
    private final @Nullable WindowInputFields inputFields;
    protected MapState<Long, WindowEntry<ACC>> windows;

    WindowOperator(WindowOperatorSpec<ACC> spec) {
        this.spec = spec;
        this.function = spec.function();
        this.processingTime = spec.processingTime();
        this.lateness = spec.allowedLatenessMillis();
        this.earlyInterval = spec.earlyIntervalMillis();
        this.descriptor = MapStateDescriptor.of(WINDOWS_STATE, Serdes.longs(),
                new WindowEntry.EntrySerde<>(spec.accumulatorSerde()));
        this.inputFields = WindowInputFields.of(spec.keyPaths(), spec.function());
    }

    @Override
    public void open(OpenContext context) {
        windows = context.state(descriptor);
    }

    final WindowOperatorSpec<ACC> spec() {
        return spec;
    }

    /** Declared without checked exceptions, so that {@link #processFields} can hand it the scanned fields' object. */
    @Override
    public abstract void processElement(JsonNode value, ProcessContext<String, JsonNode> context);

    @Override
    public @Nullable List<String> scannedFields() {
        return inputFields == null ? null : inputFields.names();
    }

    /** Decimal prices are most price streams; {@link WindowInputFields} parses them as the default mapper does. */
    @Override
    public boolean readsDecimals() {
        return true;
    }

    /** Processes the object of the scanned fields: all that {@link #processElement} reads of a value. */
    @Override
    public final void processFields(ScannedFields fields, ProcessContext<String, JsonNode> context) {
        WindowInputFields input = inputFields;
        if (input == null) {
            throw new IllegalStateException("window operator got scanned fields although it reads the value's tree");
        }
        processElement(input.tree(fields), context);
    }

    @Override
    public final void onTimer(TimerContext<String, JsonNode> context) {
        long time = context.timestamp().toEpochMilli();
        boolean processingTimer = context.timeDomain() == TimeDomain.PROCESSING_TIME;
        if (processingTimer == processingTime) {
            onWindowTimer(context, time);
        }
        if (processingTimer && earlyInterval > 0 && Math.floorMod(time, earlyInterval) == 0) {
            fireEarly(context, processingTime ? context.currentProcessingTime().toEpochMilli() : watermark(context));
        }
    }

    /** Fires the windows whose last millisecond is {@code time} and deletes those whose cleanup time it is. */
    abstract void onWindowTimer(TimerContext<String, JsonNode> context, long time);

    /** The time that places a record in windows: its event time, or the processing clock. */
    final long recordTime(ProcessContext<String, JsonNode> context) {
        return processingTime ? context.currentProcessingTime().toEpochMilli() : context.timestamp().toEpochMilli();
    }

    static long watermark(ProcessContext<String, JsonNode> context) {
        return context.currentWatermark().toEpochMilli();
    }

    /** Flink's {@code isWindowLate}: the window can no longer change, as its cleanup time has passed. */
    final boolean isLate(long maxTimestamp, long watermark) {
        return !processingTime && WindowMath.saturatedAdd(maxTimestamp, lateness) <= watermark;
    }

    /** Flink's {@code isElementLate}, for records that fall in no window at all. */
    final boolean isRecordLate(long timestamp, long watermark) {
        return !processingTime && WindowMath.saturatedAdd(timestamp, lateness) <= watermark;
    }

    /** Whether an event-time window has already fired, so that a record joining it re-fires it at once. */
    final boolean hasFired(long maxTimestamp, long watermark) {
        return !processingTime && maxTimestamp <= watermark;
    }

    /** Whether {@code time} is the window's cleanup time (for processing-time windows, the firing time). */
    final boolean isCleanupTime(long maxTimestamp, long time) {
        return processingTime ? maxTimestamp == time : WindowMath.saturatedAdd(maxTimestamp, lateness) == time;
    }

    /**
     * Registers the window's firing timer, unless it already fired (Flink's {@code EventTimeTrigger} fires such a
     * window at once instead), and its cleanup timer.
     */
    final void registerWindowTimers(ProcessContext<String, JsonNode> context, long maxTimestamp, long watermark) {
        if (processingTime) {
            context.timerService().registerProcessingTimeTimer(Instant.ofEpochMilli(maxTimestamp));
            return;
        }
        if (maxTimestamp > watermark) {
            context.timerService().registerEventTimeTimer(Instant.ofEpochMilli(maxTimestamp));
        }
        long cleanup = WindowMath.saturatedAdd(maxTimestamp, lateness);
        if (lateness > 0 && cleanup != Long.MAX_VALUE) {
            context.timerService().registerEventTimeTimer(Instant.ofEpochMilli(cleanup));
        }
    }

    /** The window timers of a window, for deciding which can be deleted when sessions merge. */
    final void addWindowTimes(List<Long> times, long maxTimestamp) {
        times.add(maxTimestamp);
        if (!processingTime && lateness > 0) {
            times.add(WindowMath.saturatedAdd(maxTimestamp, lateness));
        }
    }

    final void deleteWindowTimer(ProcessContext<String, JsonNode> context, long time) {
        if (processingTime) {
            context.timerService().deleteProcessingTimeTimer(Instant.ofEpochMilli(time));
        }
        else {
            context.timerService().deleteEventTimeTimer(Instant.ofEpochMilli(time));
        }
    }

    /** Asks for the next early firing, on the next multiple of the interval after now (processing time). */
    final void registerEarlyTimer(ProcessContext<String, JsonNode> context) {
        long now = context.currentProcessingTime().toEpochMilli();
        long next = Math.floorDiv(now, earlyInterval) * earlyInterval + earlyInterval;
        context.timerService().registerProcessingTimeTimer(Instant.ofEpochMilli(next));
    }

    /** Emits an update of every window of the key that is still open and changed since it was last emitted. */
    private void fireEarly(TimerContext<String, JsonNode> context, long openAfter) {
        List<Map.Entry<Long, WindowEntry<ACC>>> due = new ArrayList<>();
        for (Map.Entry<Long, WindowEntry<ACC>> window : windows.entries()) {
            WindowEntry<ACC> entry = window.getValue();
            if (entry.changed() && entry.end() - 1 > openAfter) {
                due.add(window);
            }
        }
        due.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, WindowEntry<ACC>> window : due) {
            emit(context, window.getKey(), window.getValue(), Firing.EARLY);
            windows.put(window.getKey(), window.getValue().withChanged(false));
        }
    }

    /**
     * Handles a record too late for every window it belongs to: counts it and, when a late-record topic is set,
     * sends it there unchanged with headers naming the latest window it missed and the watermark.
     *
     * @param missedStart the start of the latest window missed; ignored when {@code missedEnd} is {@code Long.MIN_VALUE}
     */
    final void lateRecord(ProcessContext<String, JsonNode> context, long watermark, long missedStart, long missedEnd) {
        context.countLateRecord();
        OutputTag<?> tag = spec.lateRecords();
        if (tag == null) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (missedEnd != Long.MIN_VALUE) {
            headers.put(WindowedAggregation.LATE_WINDOW_START_HEADER, Instant.ofEpochMilli(missedStart).toString());
            headers.put(WindowedAggregation.LATE_WINDOW_END_HEADER, Instant.ofEpochMilli(missedEnd).toString());
        }
        headers.put(WindowedAggregation.WATERMARK_HEADER, Instant.ofEpochMilli(watermark).toString());
        context.sideOutputInput(tag, headers);
    }

    /** The JSON object of the key fields of {@code record}, as the window's output will show them. */
    final byte[] keyFields(JsonNode record) {
        ObjectNode fields = NODES.objectNode();
        List<JsonFieldPath> paths = spec.keyPaths();
        List<String> names = spec.keyNames();
        for (int i = 0; i < paths.size(); i++) {
            JsonNode value = paths.get(i).find(record);
            fields.set(names.get(i), value == null ? NODES.nullNode() : value);
        }
        return mapper.writeValueAsBytes(fields);
    }

    /**
     * Emits the window's result: the key fields, {@code window_start}, {@code window_end}, then the result's fields
     * (or {@code result} when it is not a JSON object), and the firing's marker; keyed by the window key and
     * stamped with the window's last millisecond, as Flink stamps window results.
     */
    final void emit(ProcessContext<String, JsonNode> context, long start, WindowEntry<ACC> entry, Firing firing) {
        ObjectNode out = (ObjectNode) mapper.readTree(entry.keyFields());
        out.put(WindowedAggregation.WINDOW_START_FIELD, Instant.ofEpochMilli(start).toString());
        out.put(WindowedAggregation.WINDOW_END_FIELD, Instant.ofEpochMilli(entry.end()).toString());
        Object result = function.getResult(entry.accumulator());
        JsonNode node = result == null ? NODES.nullNode()
                : result instanceof JsonNode json ? json : mapper.valueToTree(result);
        if (node instanceof ObjectNode object) {
            out.setAll(object);
        }
        else {
            out.set(WindowedAggregation.RESULT_FIELD, node);
        }
        if (firing == Firing.EARLY) {
            out.put(WindowedAggregation.EARLY_FIELD, true);
        }
        else if (firing == Firing.LATE_UPDATE) {
            out.put(WindowedAggregation.LATE_UPDATE_FIELD, true);
        }
        context.emit(context.currentKey(), out, Instant.ofEpochMilli(entry.end() - 1));
    }

    /** A window of the current key as read from state. */
    record Window<ACC>(long start, WindowEntry<ACC> entry) {

        long maxTimestamp() {
            return entry.end() - 1;
        }
    }

    /** The current key's windows, by start. */
    final List<Window<ACC>> currentWindows() {
        List<Window<ACC>> all = new ArrayList<>();
        for (Map.Entry<Long, WindowEntry<ACC>> window : windows.entries()) {
            all.add(new Window<>(window.getKey(), window.getValue()));
        }
        all.sort((a, b) -> Long.compare(a.start(), b.start()));
        return all;
    }
}
