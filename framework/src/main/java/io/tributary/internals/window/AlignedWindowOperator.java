package io.tributary.internals.window;

import java.util.Arrays;

import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import tools.jackson.databind.JsonNode;

/**
 * The window operator for tumbling and sliding windows (tumbling being sliding with slide = size): windows of a
 * key never merge and are found by their start, which a timer's time determines, so firing and cleanup are direct
 * state lookups without scanning the key's windows. A record updates each of its {@code size / slide} windows' own
 * accumulator. {@link SlidingWindowOperator} chooses it at open for tumbling windows, and for sliding windows that
 * cannot go by panes ({@link PanedWindowOperator#whyNotPanes}: processing time, early firings, a user aggregate
 * function, or a window of more than four times as many panes as a record has windows) or whose task's store holds
 * this operator's state.
 */
final class AlignedWindowOperator<ACC> extends WindowOperator<ACC> {

    private final long size;
    private final long slide;
    private final long offset;
    // scratch space for one record's windows, reused: accumulators are all computed before any state changes
    private long[] starts = new long[2];
    private Object[] updated = new Object[2];
    private boolean[] created = new boolean[2];

    AlignedWindowOperator(WindowOperatorSpec<ACC> spec, long size, long slide, long offset) {
        super(spec);
        this.size = size;
        this.slide = slide;
        this.offset = offset;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
        long timestamp = recordTime(context);
        long watermark = watermark(context);
        int count = 0;
        long missedEnd = Long.MIN_VALUE;
        byte[] keyFields = null;
        // Latest window first, as Flink's SlidingEventTimeWindows lists them; late windows are skipped.
        for (long start = WindowMath.windowStart(timestamp, offset, slide); start > timestamp - size; start -= slide) {
            long end = start + size;
            if (isLate(end - 1, watermark)) {
                if (missedEnd == Long.MIN_VALUE) {
                    missedEnd = end;
                }
                continue;
            }
            WindowEntry<ACC> entry = windows.get(start);
            ACC accumulator;
            if (entry == null) {
                keyFields = keyFields == null ? keyFields(value) : keyFields;
                accumulator = function.createAccumulator();
            }
            else {
                accumulator = entry.accumulator();
            }
            ACC added = function.add(value, accumulator);
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                updated = Arrays.copyOf(updated, count * 2);
                created = Arrays.copyOf(created, count * 2);
            }
            starts[count] = start;
            created[count] = entry == null;
            updated[count] = new WindowEntry<>(end, false, entry == null ? keyFields : entry.keyFields(), added);
            count++;
        }
        if (count == 0) {
            if (isRecordLate(timestamp, watermark)) {
                lateRecord(context, watermark, missedEnd - size, missedEnd);
            }
            return;
        }
        boolean open = false;
        for (int i = 0; i < count; i++) {
            WindowEntry<ACC> entry = (WindowEntry<ACC>) updated[i];
            updated[i] = null;
            long maxTimestamp = entry.end() - 1;
            if (hasFired(maxTimestamp, watermark)) {
                windows.put(starts[i], entry);
                emit(context, starts[i], entry, Firing.LATE_UPDATE);
            }
            else {
                open = true;
                windows.put(starts[i], entry.withChanged(earlyInterval > 0));
            }
            // A window's timers are registered when it is created and live as long as its state does (firing
            // removes processing-time windows, cleanup removes event-time ones), so an existing window has them.
            if (created[i]) {
                registerWindowTimers(context, maxTimestamp, watermark);
            }
        }
        if (open && earlyInterval > 0) {
            registerEarlyTimer(context);
        }
    }

    @Override
    void onWindowTimer(TimerContext<String, JsonNode> context, long time) {
        long fireStart = time + 1 - size;
        WindowEntry<ACC> entry = windows.get(fireStart);
        if (entry != null) {
            emit(context, fireStart, entry, Firing.FINAL);
            if (isCleanupTime(time, time)) {
                windows.remove(fireStart);
            }
            else if (entry.changed()) {
                windows.put(fireStart, entry.withChanged(false));
            }
        }
        if (!processingTime && lateness > 0) {
            // the window whose cleanup time this is, if any: its state can no longer change
            windows.remove(time - lateness + 1 - size);
        }
    }
}
