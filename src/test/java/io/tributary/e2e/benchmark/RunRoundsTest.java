package io.tributary.e2e.benchmark;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's rounds grouped from the results in the order they ran, and summed up as one result of medians.
 */
class RunRoundsTest {

    static final RunSpec PIPE = new RunSpec(ChildMain.PIPE, Job.PIPE, true, 1);
    static final RunSpec DEDUP = new RunSpec(ChildMain.TRIBUTARY, Job.DEDUP, true, 1);
    static final RunSpec STREAMS_DEDUP = new RunSpec(ChildMain.KAFKA_STREAMS, Job.DEDUP, true, 1);

    /** A result with the figures the tests look at; RSS and heap in MiB, the rest made up but known. */
    static RunResult result(RunSpec spec, int round, double recordsPerSecond, double p99Millis, long rssMib) {
        return new RunResult(spec, round, recordsPerSecond, 20_000, 1.5, p99Millis / 2, p99Millis, 1_000,
                rssMib / 2 * 1048576, rssMib * 1048576, rssMib * 1048576, 40 + round, 18_000, List.of(), 0.33, null);
    }

    static RunResult failed(RunSpec spec, int round) {
        return RunResult.failed(spec, round, "the benchmark failed: boom");
    }

    @Test
    void eachRoundStartsOneRunLaterSoNoRunIsAlwaysFirst() {
        RunSpec twoThreads = new RunSpec(ChildMain.TRIBUTARY, Job.DEDUP, true, 2);
        List<RunSpec> runs = List.of(DEDUP, twoThreads, STREAMS_DEDUP);

        assertThat(BenchmarkMain.roundOrder(runs, 1)).containsExactly(DEDUP, twoThreads, STREAMS_DEDUP);
        assertThat(BenchmarkMain.roundOrder(runs, 2)).containsExactly(twoThreads, STREAMS_DEDUP, DEDUP);
        assertThat(BenchmarkMain.roundOrder(runs, 3)).containsExactly(STREAMS_DEDUP, DEDUP, twoThreads);
        assertThat(BenchmarkMain.roundOrder(runs, 4)).containsExactly(DEDUP, twoThreads, STREAMS_DEDUP);
    }

    @Test
    void aFailedRoundsCountsAreLeftOutOfTheMedianNotTakenAsZero() {
        RunResult median = new RunRounds(DEDUP, List.of(result(DEDUP, 1, 170_000, 140, 400), failed(DEDUP, 2)))
                .median();

        assertThat(median.processed()).isEqualTo(20_000);
        assertThat(median.latencySamples()).isEqualTo(1_000);
        assertThat(median.outputRecords()).isEqualTo(18_000);
    }

    @Test
    void groupsRoundsByRunInTheOrderTheRunsFirstRan() {
        List<RunRounds> runs = RunRounds.group(List.of(result(PIPE, 1, 240_000, 90, 300),
                result(DEDUP, 1, 180_000, 130, 390), result(PIPE, 2, 250_000, 80, 310),
                result(DEDUP, 2, 170_000, 140, 380)));

        assertThat(runs).extracting(RunRounds::spec).containsExactly(PIPE, DEDUP);
        assertThat(runs.get(1).values(RunResult::recordsPerSecond)).containsExactly(180_000, 170_000);
        assertThat(runs.get(1).rounds()).extracting(RunResult::round).containsExactly(1, 2);
    }

    @Test
    void aSingleRoundIsItsOwnMedian() {
        RunResult only = result(DEDUP, 1, 180_620.4, 134, 389);

        assertThat(new RunRounds(DEDUP, List.of(only)).median()).isSameAs(only);
    }

    @Test
    void medianOfOddRoundsTakesEachFigureFromTheMiddleRound() {
        RunResult median = new RunRounds(DEDUP, List.of(result(DEDUP, 1, 170_000, 140, 406),
                result(DEDUP, 2, 190_000, 120, 360), result(DEDUP, 3, 180_000, 130, 389))).median();

        assertThat(median.recordsPerSecond()).isEqualTo(180_000);
        assertThat(median.p99Millis()).isEqualTo(130);
        assertThat(median.rssPeakBytes()).isEqualTo(389L * 1048576);
        assertThat(median.gcMillis()).isEqualTo(42);
        assertThat(median.matched()).isTrue();
    }

    @Test
    void medianOfEvenRoundsIsTheMeanOfTheMiddleTwo() {
        RunResult median = new RunRounds(DEDUP, List.of(result(DEDUP, 1, 170_000, 140, 400),
                result(DEDUP, 2, 190_000, 120, 360))).median();

        assertThat(median.recordsPerSecond()).isEqualTo(180_000);
        assertThat(median.p99Millis()).isEqualTo(130);
        assertThat(median.rssPeakBytes()).isEqualTo(380L * 1048576);
    }

    @Test
    void aFailedRoundFailsTheMedianAndItsFiguresAreLeftOut() {
        RunResult median = new RunRounds(DEDUP, List.of(result(DEDUP, 1, 170_000, 140, 400), failed(DEDUP, 2),
                result(DEDUP, 3, 190_000, 120, 360))).median();

        assertThat(median.matched()).isFalse();
        assertThat(median.failure()).isEqualTo("round 2: the benchmark failed: boom");
        assertThat(median.recordsPerSecond()).isEqualTo(180_000);
    }

    @Test
    void aMismatchInAnyRoundIsAMismatchOfTheMedianNamingItsRound() {
        RunResult good = result(DEDUP, 1, 170_000, 140, 400);
        RunResult bad = new RunResult(DEDUP, 2, 190_000, 20_000, 1.5, 60, 120, 1_000, -1, -1, -1, -1, 17_999,
                List.of("missing AAPL@1000"), 0.33, null);

        RunResult median = new RunRounds(DEDUP, List.of(good, bad)).median();

        assertThat(median.matched()).isFalse();
        assertThat(median.problems()).containsExactly("round 2: missing AAPL@1000");
    }

    @Test
    void rangeSpansTheRoundsFigures() {
        RunRounds rounds = new RunRounds(DEDUP, List.of(result(DEDUP, 1, 170_000, 140, 406),
                result(DEDUP, 2, 190_000, 120, 360), failed(DEDUP, 3)));

        assertThat(rounds.range(RunResult::recordsPerSecond)).isEqualTo(new RoundStatistics.Range(170_000, 190_000));
    }

    @Test
    void rejectsRoundsOfAnotherRun() {
        assertThatThrownBy(() -> new RunRounds(DEDUP, List.of(result(PIPE, 1, 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(PIPE.name());
    }
}
