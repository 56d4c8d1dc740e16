package io.tributary.e2e.benchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * What one run measured in each round of {@code -Dbench.repeat}, and the run summed up as the median of its rounds:
 * the report's main table shows that median, its spread table the range and each round.
 *
 * @param spec the run
 * @param rounds its results in round order; not empty
 */
record RunRounds(RunSpec spec, List<RunResult> rounds) {

    RunRounds {
        rounds = rounds.stream().sorted(Comparator.comparingInt(RunResult::round)).toList();
        if (rounds.isEmpty() || rounds.stream().anyMatch(result -> !result.spec().equals(spec))) {
            throw new IllegalArgumentException("the rounds of " + spec.name() + " must be at least one, all its own; "
                    + "got " + rounds.stream().map(result -> result.spec().name()).toList());
        }
    }

    /** The results grouped by run, runs in the order they first appear (the order they ran in within a round). */
    static List<RunRounds> group(List<RunResult> results) {
        Map<RunSpec, List<RunResult>> byRun = new LinkedHashMap<>();
        for (RunResult result : results) {
            byRun.computeIfAbsent(result.spec(), spec -> new ArrayList<>()).add(result);
        }
        return byRun.entrySet().stream().map(entry -> new RunRounds(entry.getKey(), entry.getValue())).toList();
    }

    /** The figure of each round, in round order. */
    double[] values(ToDoubleFunction<RunResult> figure) {
        return rounds.stream().mapToDouble(figure).toArray();
    }

    /** The smallest and the largest value of the figure over the rounds that know it. */
    RoundStatistics.Range range(ToDoubleFunction<RunResult> figure) {
        return RoundStatistics.range(values(figure));
    }

    /**
     * The run as one result: each figure the median of the rounds that know it (a failed round's figures are
     * unknown), its problems and failures those of every round, each prefixed with its round. A single round is
     * returned as it is.
     */
    RunResult median() {
        if (rounds.size() == 1) {
            return rounds.get(0);
        }
        List<String> problems = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (RunResult result : rounds) {
            result.problems().forEach(problem -> problems.add("round " + result.round() + ": " + problem));
            if (result.failure() != null) {
                failures.add("round " + result.round() + ": " + result.failure());
            }
        }
        @Nullable String failure = failures.isEmpty() ? null : String.join("; ", failures);
        return new RunResult(spec, 0, median(RunResult::recordsPerSecond),
                Math.max(0, count(RunResult::processed)), median(RunResult::cpuCores), median(RunResult::p50Millis),
                median(RunResult::p99Millis), (int) Math.max(0, count(RunResult::latencySamples)),
                count(RunResult::heapPeakBytes), count(RunResult::rssPeakBytes), count(RunResult::rssEndBytes),
                count(RunResult::gcMillis), Math.max(0, count(RunResult::outputRecords)), List.copyOf(problems),
                median(RunResult::busiestShare), failure);
    }

    private double median(ToDoubleFunction<RunResult> figure) {
        return RoundStatistics.median(values(figure));
    }

    /** The median of a whole-number figure, rounded; -1 when no round knows it. */
    private long count(ToDoubleFunction<RunResult> figure) {
        double median = median(figure);
        return Double.isNaN(median) ? -1 : Math.round(median);
    }
}
