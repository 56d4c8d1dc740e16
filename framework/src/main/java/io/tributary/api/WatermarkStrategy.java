package io.tributary.api;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How watermarks are derived from event times, per input partition.
 *
 * <p>Watermark = highest event time seen so far - {@code maxOutOfOrderness} - 1 ms, as in Flink's bounded
 * out-of-orderness strategy; it is updated after each record, so a record is judged against the watermark
 * of the records before it. A task reading several input partitions (one per source topic) uses the
 * minimum of their watermarks, leaving out partitions idle for longer than {@code idleTimeout}
 * (processing time); when all are idle the watermark holds still. Watermarks never go back and are
 * committed with the state, so a restart judges lateness exactly as an uninterrupted run would.
 *
 * @param maxOutOfOrderness how far behind the highest event time a record may be and still be on time
 * <p>Idle advance (opt-in) answers the most common complaint about event time: when a key or a whole
 * partition goes quiet, its last windows never close, because only new records move the watermark. With
 * {@code idleAdvance} set, once a task has seen no record for that long, its watermark moves on with
 * processing time (one millisecond per millisecond of quiet beyond {@code idleAdvance}), so pending
 * windows fire. The trade-off: a record that arrives after a long pause may then be late, although it
 * would have been on time without idle advance; results depend on wall-clock pauses, so a replay of the
 * same input can differ. Leave it off where Flink-exact results on replay matter more than timeliness.
 *
 * @param maxOutOfOrderness how far behind the highest event time a record may be and still be on time
 * @param idleTimeout after how long without records an input partition stops holding the watermark back;
 *        {@code null} never
 * @param idleAdvance after how long without any record the task's watermark moves on with processing
 *        time; {@code null} never
 */
public record WatermarkStrategy(Duration maxOutOfOrderness, @Nullable Duration idleTimeout,
        @Nullable Duration idleAdvance) {

    public WatermarkStrategy {
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("maxOutOfOrderness must not be negative, got " + maxOutOfOrderness);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (idleAdvance != null && (idleAdvance.isNegative() || idleAdvance.isZero())) {
            throw new IllegalArgumentException("idleAdvance must be positive, got " + idleAdvance);
        }
    }

    /** A strategy without idle advance. */
    public WatermarkStrategy(Duration maxOutOfOrderness, @Nullable Duration idleTimeout) {
        this(maxOutOfOrderness, idleTimeout, null);
    }

    /** Watermark = max event time - {@code bound} - 1 ms. */
    public static WatermarkStrategy boundedOutOfOrderness(Duration bound) {
        return new WatermarkStrategy(bound, null);
    }

    /** Event times never decrease: watermark = max event time - 1 ms. */
    public static WatermarkStrategy monotonousTimestamps() {
        return new WatermarkStrategy(Duration.ZERO, null);
    }

    /** A copy in which a partition idle for {@code timeout} stops holding the watermark back. */
    public WatermarkStrategy withIdleness(Duration timeout) {
        return new WatermarkStrategy(maxOutOfOrderness, timeout, idleAdvance);
    }

    /** A copy whose watermark moves on with processing time after {@code quietTime} without records. */
    public WatermarkStrategy withIdleAdvance(Duration quietTime) {
        return new WatermarkStrategy(maxOutOfOrderness, idleTimeout, quietTime);
    }
}
