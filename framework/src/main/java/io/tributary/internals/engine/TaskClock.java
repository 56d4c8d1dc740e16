package io.tributary.internals.engine;

/** The two clocks of a task as state and timers see them, in epoch milliseconds. */
interface TaskClock {

    /** The task's current watermark. */
    long watermark();

    /** The processing-time clock. */
    long processingTime();

    /** The event time of the record or timer being processed. */
    long currentTimestamp();
}
