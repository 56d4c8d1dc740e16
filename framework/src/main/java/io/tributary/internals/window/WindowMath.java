package io.tributary.internals.window;

import java.time.Duration;

/**
 * Window arithmetic in epoch milliseconds, shared by the public assigners and the operator, which works on
 * longs on the per-record path rather than allocating {@code Instant}s. Flink's formulas exactly.
 */
public final class WindowMath {

    private WindowMath() {
    }

    /**
     * The start of the window of length {@code slide} holding {@code timestamp}, aligned to the epoch shifted by
     * {@code offset}: Flink's {@code TimeWindow.getWindowStartWithOffset}, with floor semantics for negative
     * timestamps.
     */
    public static long windowStart(long timestamp, long offset, long slide) {
        return timestamp - Math.floorMod(timestamp - offset, slide);
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} instead of overflowing. */
    public static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /**
     * The milliseconds of {@code duration}, checking that it is positive and whole milliseconds.
     *
     * @param what how the error message names the duration, e.g. {@code "TumblingWindows size"}
     */
    public static long positiveMillis(Duration duration, String what) {
        if (duration == null) {
            throw new NullPointerException(what + " must not be null");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration + "; use e.g. Duration.ofMinutes(10)");
        }
        return wholeMillis(duration, what);
    }

    /** The milliseconds of {@code duration}, checking that it is whole milliseconds. */
    public static long wholeMillis(Duration duration, String what) {
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(what + " must be whole milliseconds, got " + duration
                    + "; windows have millisecond precision");
        }
        try {
            return duration.toMillis();
        }
        catch (ArithmeticException ex) {
            throw new IllegalArgumentException(what + " is too long to express in milliseconds, got " + duration, ex);
        }
    }
}
