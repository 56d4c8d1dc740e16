package io.tributary.e2e.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The report's section for {@code -Dbench.repeat=N} above 1: how far each run's figures spread over its rounds, each
 * round's records/s and RSS (so that a reader sees which rounds were slow for every system alike), and Tributary's
 * peak RSS against Kafka Streams' round by round. The main table above it shows the medians.
 */
final class RoundsReport {

    private static final double MIB = 1048576.0;

    private RoundsReport() {
    }

    static void append(int repeat, List<RunRounds> runs, StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%n## Spread over %d rounds%n%nThe rounds ran interleaved: each runs "
                + "every selected run once, in the order of the table rotated by one run per round, so slow drift of "
                + "the shared machine and a fresh broker meet every run alike.%n%n| run | records/s min–max | p99 ms min–max | RSS peak MiB min–max |%n"
                + "|---|---|---|---|%n", repeat));
        for (RunRounds run : runs) {
            out.append("| ").append(run.spec().name())
                    .append(" | ").append(range(run, RunResult::recordsPerSecond, "%,.0f"))
                    .append(" | ").append(range(run, RunResult::p99Millis, "%.0f"))
                    .append(" | ").append(range(run, result -> result.rssPeakBytes() / MIB, "%.0f"))
                    .append(" |\n");
        }
        out.append("\nEach round, records/s and RSS peak:\n\n");
        for (RunRounds run : runs) {
            out.append("- ").append(run.spec().name()).append(": ").append(run.rounds().stream()
                    .map(result -> String.format(Locale.ROOT, "round %d %s/s, %s MiB", result.round(),
                            figure(result.recordsPerSecond(), "%,.0f"), figure(result.rssPeakBytes() / MIB, "%.0f")))
                    .collect(Collectors.joining("; "))).append('\n');
        }
        pairedRss(runs, out);
    }

    /**
     * Each Tributary run's peak RSS over that of Kafka Streams' run of the same job that the main table compares it
     * with, round by round, and in how many rounds Tributary's was no larger.
     */
    private static void pairedRss(List<RunRounds> runs, StringBuilder out) {
        List<RunResult> medians = runs.stream().map(RunRounds::median).toList();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            RunRounds run = runs.get(i);
            Optional<RunRounds> streams = Report.kafkaStreams(medians, medians.get(i))
                    .flatMap(reference -> runs.stream().filter(r -> r.spec().equals(reference.spec())).findFirst());
            if (!run.spec().isTributary() || streams.isEmpty()) {
                continue;
            }
            RoundStatistics.PairedRatios paired = RoundStatistics.paired(run.values(result -> result.rssPeakBytes()),
                    rssOfSameRounds(run, streams.get()));
            lines.append(String.format(Locale.ROOT, "- %s / %s: %s; Tributary ≤ Kafka Streams in %d of %d rounds%n",
                    run.spec().name(), streams.get().spec().name(), paired.ratios().stream()
                            .map(ratio -> Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio))
                            .collect(Collectors.joining(", ")), paired.atMost(), paired.paired()));
        }
        if (!lines.isEmpty()) {
            out.append("\nRSS peak paired by round, Tributary / Kafka Streams (the Kafka Streams run the table "
                    + "compares with), round 1 first:\n\n").append(lines);
        }
    }

    /** The reference's peak RSS in each of the run's rounds; unknown where the reference has no such round yet. */
    private static double[] rssOfSameRounds(RunRounds run, RunRounds reference) {
        return run.rounds().stream().mapToDouble(result -> reference.rounds().stream()
                .filter(other -> other.round() == result.round()).mapToDouble(RunResult::rssPeakBytes).findFirst()
                .orElse(Double.NaN)).toArray();
    }

    private static String range(RunRounds run, ToDoubleFunction<RunResult> figure, String format) {
        RoundStatistics.Range range = run.range(figure);
        return RoundStatistics.isKnown(range.min()) ? figure(range.min(), format) + "–" + figure(range.max(), format)
                : "n/a";
    }

    private static String figure(double value, String format) {
        return RoundStatistics.isKnown(value) ? String.format(Locale.ROOT, format, value) : "n/a";
    }
}
