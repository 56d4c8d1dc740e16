package io.tributary.internals.engine;

import java.util.List;

import io.tributary.api.WatermarkStrategy;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;

/**
 * The watermark of one task: per input partition (one per input topic), highest event time - bound - 1 ms;
 * the task's watermark is the minimum over inputs that are not idle, and never goes back. The highest
 * event time per input is committed with the state so a restarted task judges lateness exactly as an
 * uninterrupted one.
 */
final class WatermarkTracker {

    static final long NO_WATERMARK = Long.MIN_VALUE;

    private final List<String> inputs;
    private final long boundMillis;
    private final long idleTimeoutMillis;
    private final long[] maxEventTime;
    private final long[] lastRecordAt;
    private final byte[][] metaKeys;
    private final boolean[] changed;
    private final long idleAdvanceMillis;
    private final byte[] watermarkKey = StoreKeys.taskMetaKey("watermark");
    private long watermark = NO_WATERMARK;
    private long lastAnyRecordAt;
    private boolean anyChange;

    WatermarkTracker(List<String> inputs, WatermarkStrategy strategy) {
        this.inputs = List.copyOf(inputs);
        this.boundMillis = strategy.maxOutOfOrderness().toMillis();
        this.idleTimeoutMillis = strategy.idleTimeout() == null ? Long.MAX_VALUE : strategy.idleTimeout().toMillis();
        this.idleAdvanceMillis = strategy.idleAdvance() == null ? Long.MAX_VALUE : strategy.idleAdvance().toMillis();
        int n = inputs.size();
        this.maxEventTime = new long[n];
        this.lastRecordAt = new long[n];
        this.metaKeys = new byte[n][];
        this.changed = new boolean[n];
        for (int i = 0; i < n; i++) {
            maxEventTime[i] = Long.MIN_VALUE;
            metaKeys[i] = StoreKeys.taskMetaKey("max-event-time:" + inputs.get(i));
        }
    }

    int inputIndex(String topic) {
        if (inputs.size() == 1) {
            return 0;
        }
        int index = inputs.indexOf(topic);
        if (index < 0) {
            throw new IllegalStateException("record from topic '" + topic + "' which is not an input of this task " + inputs);
        }
        return index;
    }

    void load(KeyValueStore store, long now) {
        for (int i = 0; i < inputs.size(); i++) {
            byte[] stored = store.get(metaKeys[i]);
            if (stored != null) {
                maxEventTime[i] = StoreKeys.readLong(stored);
            }
            lastRecordAt[i] = now;
        }
        lastAnyRecordAt = now;
        byte[] stored = store.get(watermarkKey);
        if (stored != null) {
            watermark = StoreKeys.readLong(stored);
        }
        recompute(now);
    }

    /** Accounts for a record of input {@code input}; returns {@code true} when the watermark moved. */
    boolean onRecord(int input, long eventTime, long now) {
        lastRecordAt[input] = now;
        lastAnyRecordAt = now;
        if (eventTime > maxEventTime[input]) {
            maxEventTime[input] = eventTime;
            changed[input] = true;
            anyChange = true;
        }
        return recompute(now);
    }

    /** Re-evaluates idleness as processing time passes; returns {@code true} when the watermark moved. */
    boolean onProcessingTime(long now) {
        boolean moved = inputs.size() > 1 && recompute(now);
        long quiet = now - lastAnyRecordAt;
        if (quiet > idleAdvanceMillis) {
            long highest = Long.MIN_VALUE;
            for (long max : maxEventTime) {
                highest = Math.max(highest, max);
            }
            if (highest != Long.MIN_VALUE) {
                moved |= raiseTo(highest - boundMillis - 1 + (quiet - idleAdvanceMillis));
            }
        }
        return moved;
    }

    private boolean raiseTo(long candidate) {
        if (candidate > watermark) {
            watermark = candidate;
            anyChange = true;
            return true;
        }
        return false;
    }

    /** Sets the watermark directly (test driver); it still never goes back. */
    boolean advanceTo(long newWatermark) {
        return raiseTo(newWatermark);
    }

    private boolean recompute(long now) {
        long candidate = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int i = 0; i < maxEventTime.length; i++) {
            boolean idle = maxEventTime.length > 1 && now - lastRecordAt[i] >= idleTimeoutMillis;
            if (!idle) {
                anyActive = true;
                long perInput = maxEventTime[i] == Long.MIN_VALUE ? NO_WATERMARK : maxEventTime[i] - boundMillis - 1;
                candidate = Math.min(candidate, perInput);
            }
        }
        return anyActive && raiseTo(candidate);
    }

    long watermark() {
        return watermark;
    }

    void flushTo(StoreBatch batch) {
        if (!anyChange) {
            return;
        }
        batch.put(watermarkKey, StoreKeys.longBytes(watermark));
        for (int i = 0; i < changed.length; i++) {
            if (changed[i]) {
                batch.put(metaKeys[i], StoreKeys.longBytes(maxEventTime[i]));
                changed[i] = false;
            }
        }
        anyChange = false;
    }
}
