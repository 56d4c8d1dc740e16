package io.tributary.internals.runtime;

/**
 * When a processor thread's next commit is due: each transaction covers one commit interval of the thread's work.
 *
 * <p>Why the two kinds of commit count differently: a commit on the processor thread stops its work until it ends,
 * so the interval runs from its end. A commit in the background does not stop it; counted from its end, as it was,
 * each transaction covered the interval plus the commit's own duration (two broker round trips, 10-30 ms in the
 * benchmark), and an output finished just after a commit started waited that much longer to be committed: the
 * interval plus two commits' durations instead of plus one. Counted from its start, background commits follow one
 * another an interval apart. Kafka Streams counts from a commit's end; starting from the start costs a few more
 * transactions per second (ten instead of about eight at 100 ms with 20 ms commits), which the broker pays for, so a
 * background commit is also followed by a gap of at least half the interval: a slow broker (commits longer than the
 * interval) then gets commits at most every commit plus half an interval, never back to back, and each commit still
 * has time to gather a batch instead of flushing the previous one's outputs at once.
 *
 * <p>Times are the thread clock's epoch millis. Processor thread only.
 */
final class CommitSchedule {

    private final long intervalMillis;
    private long fromMillis;

    CommitSchedule(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** Starts a new interval at {@code nowMillis}: on start-up, after a rewind, or when there was nothing to commit. */
    void restart(long nowMillis) {
        fromMillis = nowMillis;
    }

    /** A commit that ran on the processor thread ended at {@code endedMillis}. */
    void committedInline(long endedMillis) {
        fromMillis = endedMillis;
    }

    /**
     * A commit that ran in the background, started at {@code startedMillis}, has ended at {@code endedMillis}: the
     * next is due an interval after its start, and at least half an interval after its end.
     */
    void committedInBackground(long startedMillis, long endedMillis) {
        fromMillis = Math.max(startedMillis, endedMillis - intervalMillis / 2);
    }

    /** Whether the next commit is due at {@code nowMillis}. */
    boolean due(long nowMillis) {
        return nowMillis - fromMillis >= intervalMillis;
    }

    /** Millis from {@code nowMillis} until the next commit is due, zero if it is due already. */
    long millisUntilDue(long nowMillis) {
        return Math.max(0, fromMillis + intervalMillis - nowMillis);
    }
}
