package io.tributary.internals.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A background commit's interval runs from its start, an inline commit's from its end: each transaction covers one
 * interval of the thread's work, and an output finished while a background commit runs waits one interval for the
 * next, not an interval plus the running commit's duration. A background commit is followed by a gap of at least
 * half an interval, so a slow broker never gets commits back to back.
 */
class CommitScheduleTest {

    private final CommitSchedule schedule = new CommitSchedule(100);

    @Test
    void isDueAnIntervalAfterItsRestart() {
        schedule.restart(1_000);

        assertThat(schedule.due(1_099)).isFalse();
        assertThat(schedule.millisUntilDue(1_099)).isEqualTo(1);
        assertThat(schedule.due(1_100)).isTrue();
        assertThat(schedule.millisUntilDue(1_150)).isZero();
    }

    @Test
    void aBackgroundCommitIsFollowedAnIntervalAfterItStartedNotAfterItEnded() {
        schedule.restart(900);
        // started at 1,000, collected at 1,040 (two broker round trips later)
        schedule.committedInBackground(1_000, 1_040);

        assertThat(schedule.due(1_099)).isFalse();
        assertThat(schedule.due(1_100)).as("one interval after the start, though it ended at 1,040").isTrue();
        assertThat(schedule.millisUntilDue(1_040)).isEqualTo(60);
    }

    @Test
    void aBackgroundCommitLongerThanTheIntervalIsFollowedHalfAnIntervalAfterItEnds() {
        // a slow broker: the commit took 130 ms; following it at once would flush the outputs held meanwhile in a
        // commit of their own and raise the transaction rate just when the broker is slow
        schedule.committedInBackground(1_000, 1_130);

        assertThat(schedule.due(1_130)).isFalse();
        assertThat(schedule.millisUntilDue(1_130)).isEqualTo(50);
        assertThat(schedule.due(1_179)).isFalse();
        assertThat(schedule.due(1_180)).isTrue();
    }

    @Test
    void aBackgroundCommitOfOverHalfTheIntervalIsFollowedNoSoonerThanHalfAnIntervalAfterItsEnd() {
        schedule.committedInBackground(1_000, 1_070);

        assertThat(schedule.due(1_119)).as("an interval after the start would be 1,100").isFalse();
        assertThat(schedule.due(1_120)).isTrue();
    }

    @Test
    void anInlineCommitIsFollowedAnIntervalAfterItEnded() {
        // it stopped the thread's work until 1,040, so the work it leaves for the next starts then
        schedule.committedInline(1_040);

        assertThat(schedule.due(1_139)).isFalse();
        assertThat(schedule.due(1_140)).isTrue();
    }
}
