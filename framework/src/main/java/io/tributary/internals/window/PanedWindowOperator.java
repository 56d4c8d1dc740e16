package io.tributary.internals.window;

import java.nio.ByteBuffer;

import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.serde.Serde;
import io.tributary.serde.SerdeException;
import io.tributary.serde.Serdes;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The window operator for sliding windows of built-in aggregations, by panes (Flink SQL's slicing): time is cut into
 * panes of width {@code gcd(size, slide)}, each window being a run of whole panes; a record is added to the one
 * accumulator of its pane, not to the {@code size / slide} accumulators of its windows, and a window that fires
 * merges the accumulators of its panes. A record costs one state read and write instead of one per window; a window
 * costs at most {@code size / gcd} reads when it fires (and on each late update), only of the panes inside the key's
 * live range, so a sparse key reads the few panes it has.
 *
 * <p>Results are the per-window operator's ({@link AlignedWindowOperator}) for every input: the built-in aggregations
 * merge exactly (BigDecimal sums, counts, and a min or max whose ties do not depend on order); a window's timers are
 * the same (registered for every window of a new pane, which is when the per-window operator registers a new
 * window's), and fired windows are found by time as there. A record goes into its pane when any of its windows is not
 * late; the windows it was late for never fire again, so they cannot see it. A window's key fields are its earliest
 * arrived record's, as there: each pane keeps its first record's key fields and the order in which the key's panes
 * were created. A pane leaves state at the cleanup of the last window holding it.
 *
 * <p>Event time only: a processing-time window that already fired is started anew by a record that still falls in it
 * (after a restart onto a clock that is behind, say), and only the per-window operator, which deletes a window when
 * it fires, can tell that from the panes' records already emitted.
 *
 * <p>Applies when the slide is shorter than the size (tumbling windows have one window per pane) and shares a divisor
 * with it that keeps panes few ({@link #whyNotPanes}), in event time, without early firings (they emit every changed
 * open window, which panes do not track), and for the built-in aggregations only: a user's {@code merge} may be
 * missing or inexact. {@link SlidingWindowOperator} chooses it at open, unless the store holds per-window state.
 */
final class PanedWindowOperator<ACC> extends WindowOperator<ACC> {

    /** The key's panes by start, each a {@link WindowEntry} whose {@code end} holds its creation order. */
    static final String PANES_STATE = "panes";
    /**
     * The key's next pane order to give and the start of its lowest and highest live pane: reads stay inside that
     * range, so a sparse key's firing reads its few panes, not every pane of the window.
     */
    static final String PANE_ORDER_STATE = "pane-order";
    /** The lowest pane start of a key whose range is unknown, its pane order written before ranges were kept. */
    private static final long UNKNOWN_LOW = Long.MIN_VALUE;

    private final long size;
    private final long slide;
    private final long offset;
    private final long pane;
    private final MapStateDescriptor<Long, WindowEntry<ACC>> panesDescriptor;
    private MapState<Long, WindowEntry<ACC>> panes;
    private ValueState<long[]> order;

    PanedWindowOperator(WindowOperatorSpec<ACC> spec, long size, long slide, long offset) {
        super(spec);
        this.size = size;
        this.slide = slide;
        this.offset = offset;
        this.pane = gcd(size, slide);
        WindowEntry.EntrySerde<ACC> serde = new WindowEntry.EntrySerde<>(spec.accumulatorSerde());
        this.panesDescriptor = MapStateDescriptor.of(PANES_STATE, Serdes.longs(), serde);
    }

    /**
     * Why sliding windows of {@code size} and {@code slide} with {@code spec}'s aggregation and firings cannot go by
     * panes, naming what rules them out; {@code null} when they can. Also not when a window has more than four times
     * as many panes as a record has windows (a slide sharing only a small divisor with the size), as a firing's pane
     * reads would then cost more than the writes they save.
     */
    static @Nullable String whyNotPanes(WindowOperatorSpec<?> spec, long size, long slide) {
        if (slide >= size) {
            return "a slide of " + slide + " ms is not shorter than the size of " + size + " ms";
        }
        long windowsPerRecord = (size + slide - 1) / slide;
        long panesPerWindow = size / gcd(size, slide);
        if (panesPerWindow > 4 * windowsPerRecord) {
            return "a window of " + size + " ms sliding by " + slide + " ms would have " + panesPerWindow
                    + " panes, more than four times the " + windowsPerRecord + " windows a record has";
        }
        if (spec.processingTime()) {
            return "the windows follow processing time";
        }
        if (spec.earlyIntervalMillis() != 0) {
            return "early firings are set";
        }
        if (BuiltInAggregations.fieldsOf(spec.function()) == null) {
            return "the aggregation is not built of built-in aggregations only";
        }
        return null;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public void open(OpenContext context) {
        panes = context.state(panesDescriptor);
        order = context.state(ValueStateDescriptor.of(PANE_ORDER_STATE, new OrderSerde()));
    }

    @Override
    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
        long timestamp = recordTime(context);
        long watermark = watermark(context);
        long latest = WindowMath.windowStart(timestamp, offset, slide);
        // the latest window ends last: when it is late, all are
        if (isLate(latest + size - 1, watermark)) {
            if (isRecordLate(timestamp, watermark)) {
                lateRecord(context, watermark, latest, latest + size);
            }
            return;
        }
        long paneStart = WindowMath.windowStart(timestamp, offset, pane);
        WindowEntry<ACC> entry = panes.get(paneStart);
        ACC added = function.add(value, entry == null ? function.createAccumulator() : entry.accumulator());
        if (entry == null) {
            entry = new WindowEntry<>(nextOrder(paneStart), false, keyFields(value), added);
            for (long start = latest; start > timestamp - size; start -= slide) {
                if (isLate(start + size - 1, watermark)) {
                    break;
                }
                registerWindowTimers(context, start + size - 1, watermark);
            }
        }
        else {
            entry = new WindowEntry<>(entry.end(), false, entry.keyFields(), added);
        }
        panes.put(paneStart, entry);
        // Late updates, latest window first, as the per-window operator emits them; earlier windows end earlier.
        for (long start = latest; start > timestamp - size; start -= slide) {
            if (isLate(start + size - 1, watermark)) {
                break;
            }
            if (hasFired(start + size - 1, watermark)) {
                emit(context, start, window(start, paneStart, entry), Firing.LATE_UPDATE);
            }
        }
    }

    @Override
    void onWindowTimer(TimerContext<String, JsonNode> context, long time) {
        long start = time + 1 - size;
        if (isWindowStart(start)) {
            WindowEntry<ACC> window = window(start, Long.MIN_VALUE, null);
            if (window != null) {
                emit(context, start, window, Firing.FINAL);
            }
        }
        // the window whose cleanup time this is, if any: its first slide's panes are in no later window
        long cleaned = lateness == 0 ? start : time - lateness + 1 - size;
        if (isWindowStart(cleaned)) {
            removePanes(cleaned);
        }
    }

    private boolean isWindowStart(long start) {
        return Math.floorMod(start - offset, slide) == 0;
    }

    /**
     * The window starting at {@code start} as its panes merge, pane {@code currentStart} being {@code current} (not
     * yet read back from state), with the key fields of its earliest created pane; {@code null} when it has no pane.
     * Reads only the panes inside the key's live range.
     */
    private @Nullable WindowEntry<ACC> window(long start, long currentStart, @Nullable WindowEntry<ACC> current) {
        long[] range = order.value();
        if (range == null) {
            return null;
        }
        ACC accumulator = null;
        byte[] keyFields = null;
        long first = Long.MAX_VALUE;
        long last = Math.min(start + size - pane, range[2]);
        for (long paneStart = Math.max(start, range[1]); paneStart <= last; paneStart += pane) {
            WindowEntry<ACC> entry = paneStart == currentStart ? current : panes.get(paneStart);
            if (entry == null) {
                continue;
            }
            accumulator = accumulator == null ? entry.accumulator() : function.merge(accumulator, entry.accumulator());
            if (entry.end() < first) {
                first = entry.end();
                keyFields = entry.keyFields();
            }
        }
        return accumulator == null ? null : new WindowEntry<>(start + size, false, keyFields, accumulator);
    }

    /**
     * Removes the panes of the slide starting at {@code start}, whose last window is the one starting there, one
     * lookup each inside the key's live range. Every pane had its last window's cleanup timer registered when it was
     * created, and cleanups come in window order, so every lower pane is gone already: the range then starts after
     * this slide, even where windows between held no pane and had no cleanup of their own.
     */
    private void removePanes(long start) {
        long[] range = order.value();
        if (range == null || range[1] >= start + slide) {
            return;
        }
        long last = Math.min(start + slide - pane, range[2]);
        for (long paneStart = Math.max(start, range[1]); paneStart <= last; paneStart += pane) {
            panes.remove(paneStart);
        }
        if (range[1] == UNKNOWN_LOW) {
            if (panes.isEmpty()) {
                order.clear();
            }
            return;
        }
        if (range[2] < start + slide) {
            order.clear();
        }
        else {
            order.update(new long[] {range[0], start + slide, range[2]});
        }
    }

    /** The order of a new pane of the current key starting at {@code paneStart}, widening the key's range to it. */
    private long nextOrder(long paneStart) {
        long[] range = order.value();
        if (range == null) {
            order.update(new long[] {1, paneStart, paneStart});
            return 0;
        }
        order.update(new long[] {range[0] + 1, Math.min(range[1], paneStart), Math.max(range[2], paneStart)});
        return range[0];
    }

    /**
     * The next pane order and the start of the lowest and highest live pane, as three 8-byte longs. A value of the
     * first paned version, the next order and a pane count, reads as a range of unknown bounds, which loops clamp to
     * the window and which the key's last cleanup clears by finding no pane left.
     */
    private static final class OrderSerde implements Serde<long[]> {

        @Override
        public byte[] serialize(long[] value) {
            return ByteBuffer.allocate(3 * Long.BYTES).putLong(value[0]).putLong(value[1]).putLong(value[2]).array();
        }

        @Override
        public long[] deserialize(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (bytes.length == 2 * Long.BYTES) {
                return new long[] {buffer.getLong(), UNKNOWN_LOW, Long.MAX_VALUE};
            }
            if (bytes.length != 3 * Long.BYTES) {
                throw new SerdeException("pane order of " + bytes.length + " bytes, expected " + 3 * Long.BYTES);
            }
            return new long[] {buffer.getLong(), buffer.getLong(), buffer.getLong()};
        }
    }
}
