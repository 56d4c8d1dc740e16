package io.tributary.internals.engine;

import java.time.Instant;

/** Conversions between the engine's epoch milliseconds and the API's instants. */
final class Times {

    private Times() {
    }

    /** Milliseconds as an instant; "no watermark yet" ({@link Long#MIN_VALUE}) stays representable. */
    static Instant toInstant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** An instant as milliseconds, saturating instead of overflowing. */
    static long toMillis(Instant instant) {
        try {
            return instant.toEpochMilli();
        }
        catch (ArithmeticException ex) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
