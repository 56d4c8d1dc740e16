package io.tributary.internals.window;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import tools.jackson.databind.JsonNode;

/**
 * The window operator for session windows, Flink's merging-window path: each record brings the window
 * {@code [ts, ts + gap)}; the key's sessions that intersect it (touching counts) merge with it into one session
 * covering them all, their accumulators combined with {@code merge} in start order, the merged-away sessions'
 * timers deleted and the merged session's timers registered. A key's sessions are read whole per record and per
 * timer; a key has few open sessions at a time, as sessions of one key never overlap.
 */
final class SessionWindowOperator<ACC> extends WindowOperator<ACC> {

    private final long gap;

    SessionWindowOperator(WindowOperatorSpec<ACC> spec, long gap) {
        super(spec);
        this.gap = gap;
    }

    @Override
    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
        long timestamp = recordTime(context);
        long watermark = watermark(context);
        long start = timestamp;
        long end = WindowMath.saturatedAdd(timestamp, gap);
        List<Window<ACC>> sessions = currentWindows();
        List<Window<ACC>> merging = new ArrayList<>(2);
        for (Window<ACC> session : sessions) {
            if (session.start() <= end && session.entry().end() >= timestamp) {
                merging.add(session);
                start = Math.min(start, session.start());
                end = Math.max(end, session.entry().end());
            }
        }
        // As in Flink, the record's window merges first and lateness is judged on the merged session, so a record
        // late for its own window still joins a session it overlaps that is open.
        if (isLate(end - 1, watermark)) {
            lateRecord(context, watermark, start, end);
            return;
        }
        ACC accumulator;
        byte[] keyFields;
        if (merging.isEmpty()) {
            accumulator = function.createAccumulator();
            keyFields = keyFields(value);
        }
        else {
            accumulator = merging.get(0).entry().accumulator();
            for (int i = 1; i < merging.size(); i++) {
                accumulator = function.merge(accumulator, merging.get(i).entry().accumulator());
            }
            keyFields = merging.get(0).entry().keyFields();
        }
        accumulator = function.add(value, accumulator);

        long maxTimestamp = end - 1;
        boolean fired = hasFired(maxTimestamp, watermark);
        WindowEntry<ACC> entry = new WindowEntry<>(end, !fired && earlyInterval > 0, keyFields, accumulator);
        for (Window<ACC> session : merging) {
            if (session.start() != start) {
                windows.remove(session.start());
            }
        }
        windows.put(start, entry);
        deleteTimersOfMergedSessions(context, sessions, merging, maxTimestamp);
        registerWindowTimers(context, maxTimestamp, watermark);
        if (fired) {
            emit(context, start, entry, Firing.LATE_UPDATE);
        }
        else if (earlyInterval > 0) {
            registerEarlyTimer(context);
        }
    }

    /**
     * Deletes the firing and cleanup timers of sessions merged into the new one, except times still needed by the
     * new session or another session of the key: timers are per (key, time), so one may serve two sessions.
     */
    private void deleteTimersOfMergedSessions(ProcessContext<String, JsonNode> context, List<Window<ACC>> sessions,
            List<Window<ACC>> merging, long mergedMaxTimestamp) {
        List<Long> stale = new ArrayList<>();
        for (Window<ACC> session : merging) {
            if (session.maxTimestamp() != mergedMaxTimestamp) {
                addWindowTimes(stale, session.maxTimestamp());
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        Set<Long> merged = new HashSet<>();
        for (Window<ACC> session : merging) {
            merged.add(session.start());
        }
        List<Long> needed = new ArrayList<>();
        addWindowTimes(needed, mergedMaxTimestamp);
        for (Window<ACC> session : sessions) {
            if (!merged.contains(session.start())) {
                addWindowTimes(needed, session.maxTimestamp());
            }
        }
        Set<Long> keep = new HashSet<>(needed);
        for (long time : stale) {
            if (keep.add(time)) {
                deleteWindowTimer(context, time);
            }
        }
    }

    @Override
    void onWindowTimer(TimerContext<String, JsonNode> context, long time) {
        for (Window<ACC> session : currentWindows()) {
            long maxTimestamp = session.maxTimestamp();
            if (maxTimestamp == time) {
                emit(context, session.start(), session.entry(), Firing.FINAL);
                if (isCleanupTime(maxTimestamp, time)) {
                    windows.remove(session.start());
                }
                else if (session.entry().changed()) {
                    windows.put(session.start(), session.entry().withChanged(false));
                }
            }
            else if (isCleanupTime(maxTimestamp, time)) {
                windows.remove(session.start());
            }
        }
    }
}
