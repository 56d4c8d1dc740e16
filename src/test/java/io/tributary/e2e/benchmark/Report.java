package io.tributary.e2e.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's report: one Markdown table, each figure followed by its ratio to the ceiling (the plain pipe with
 * the same guarantee) and to Kafka Streams (the same job at Kafka Streams' best thread count), then the settings
 * and every output check. For records/s a ratio above 1 is better; for latency and memory below 1. With
 * {@code -Dbench.repeat=N} above 1 each figure is the median of the run's N rounds, ratios are between medians, and
 * {@link RoundsReport} adds the spread over the rounds.
 */
final class Report {

    private Report() {
    }

    static String summary(RunResult result) {
        if (result.failure() != null) {
            return "FAILED: " + result.failure();
        }
        return String.format(Locale.ROOT, "%,.0f records/s, p50 %.0f ms, p99 %.0f ms, heap %s, RSS %s, output %s",
                result.recordsPerSecond(), result.p50Millis(), result.p99Millis(), mib(result.heapPeakBytes()),
                mib(result.rssPeakBytes()), result.matched() ? "matches" : "MISMATCH " + result.problems());
    }

    /**
     * Writes the report of the results so far: every round of every run, in the order they ran.
     */
    static void write(BenchmarkSettings settings, List<RunResult> rounds, Map<String, Long> brokerMemory, Path file)
            throws IOException {
        List<RunRounds> runs = RunRounds.group(rounds);
        List<RunResult> results = runs.stream().map(RunRounds::median).toList();
        boolean repeated = settings.repeat() > 1;
        StringBuilder out = new StringBuilder();
        out.append("# Tributary benchmark\n\n");
        boolean allMatched = results.stream().allMatch(RunResult::matched);
        out.append(allMatched ? "All outputs complete and equal to the reference model (so equal to each other).\n\n"
                : "**!!! OUTPUT MISMATCH OR FAILED RUN: see the checks below; the figures of those runs mean nothing "
                        + "!!!**\n\n");
        out.append(String.format(Locale.ROOT, "%s; %,d ticks (%d symbols, %d partitions, %.0f%% duplicates, %.0f%% "
                + "disordered by up to %d s, %.1f%% late by 4-5 min; loaded in batches of %d KiB)%s; latency at %,d "
                + "records/s for %d s; system JVMs -Xmx%s, G1; commit interval 100 ms everywhere.%n%n", Instant.now(),
                settings.records(), settings.symbols(), settings.partitions(), settings.duplicateFraction() * 100,
                settings.disorderedFraction() * 100, settings.maxDisorder().toSeconds(), settings.lateFraction() * 100,
                BenchmarkMain.LOAD_BATCH_BYTES / 1024, settings.warmupRecords() == 0 ? "" : String.format(Locale.ROOT,
                        ", measured after a warm-up of %,d more ticks loaded ahead of them (enrichment: none)",
                        settings.warmupRecords()), settings.rate(), settings.latencyPhase().toSeconds(),
                settings.childHeap()));
        out.append(String.format(Locale.ROOT, "Machine: %d cores, %s, Java %s; broker: embedded KRaft (spring-kafka-test), "
                + "its own JVM, RSS %s at the end. The machine is shared with other engineers' builds: compare "
                + "figures within one run only.%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"),
                mib(brokerMemory.getOrDefault("VmRSS", -1L))));
        out.append(repeated ? String.format(Locale.ROOT, "Each cell: the median of the run's %d rounds (x ceiling, "
                + "x Kafka Streams, each the ratio of the medians); the spread over the rounds follows the tables. ",
                settings.repeat()) : "Each cell: value (x ceiling, x Kafka Streams). ");
        out.append("Ceiling = plain consume-produce pipe with the same "
                + "guarantee (transactional pipe for exactly-once); Kafka Streams = the same job, exactly_once_v2, at "
                + "its best thread count. records/s: higher is better; latency, heap, RSS: lower is better. "
                + "(overloaded): the system is slower than the latency phase's rate, so its latency measures a growing "
                + "backlog. " + System.getProperty("bench.label", "") + "\n\n");
        out.append("| run | guarantee | threads | output | records/s | p50 ms | p99 ms | heap peak MiB | RSS peak MiB |"
                + " CPU cores |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult result : results) {
            Optional<RunResult> ceiling = ceiling(results, result);
            Optional<RunResult> streams = kafkaStreams(results, result);
            out.append("| ").append(result.spec().name())
                    .append(" | ").append(result.spec().guarantee())
                    .append(" | ").append(result.spec().threads())
                    .append(" | ").append(result.failure() != null ? "**FAILED**"
                            : result.matched() ? "ok (" + result.outputRecords() + ")" : "**MISMATCH**")
                    .append(" | ").append(cell(result, ceiling, streams, RunResult::recordsPerSecond, "%,.0f"))
                    .append(" | ").append(cell(result, ceiling, streams, RunResult::p50Millis, "%.0f"))
                    .append(overloaded(settings, result))
                    .append(" | ").append(cell(result, ceiling, streams, RunResult::p99Millis, "%.0f"))
                    .append(overloaded(settings, result))
                    .append(" | ").append(cell(result, ceiling, streams, r -> r.heapPeakBytes() / 1048576.0, "%.0f"))
                    .append(" | ").append(cell(result, ceiling, streams, r -> r.rssPeakBytes() / 1048576.0, "%.0f"))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", result.cpuCores()))
                    .append(" |\n");
        }
        enrichment(settings, results, out);
        if (repeated) {
            RoundsReport.append(settings.repeat(), runs, out);
        }
        out.append("\n## Output checks\n\n");
        for (RunResult result : results) {
            out.append("- ").append(result.spec().name()).append(": ");
            if (result.failure() != null) {
                out.append("**FAILED** ").append(result.failure());
            }
            else if (result.matched()) {
                out.append(result.spec().timeBoxed() ? "stopped after its time; every output it wrote is right ("
                        : "complete and equal to the reference (").append(result.outputRecords())
                        .append(" output records checked); latency over ").append(result.latencySamples())
                        .append(" outputs; GC ").append(result.gcMillis()).append(" ms");
                if (repeated) {
                    out.append(" (in each of its rounds; counts and GC the medians)");
                }
            }
            else {
                out.append("**MISMATCH**:\n");
                for (String problem : result.problems()) {
                    out.append("  - ").append(problem).append('\n');
                }
            }
            out.append('\n');
        }
        out.append("""

                ## How it is measured

                - Throughput: the input is loaded before the system starts; records/s is counted from the system's first \
                commit to the commit of the last input offset (committed offsets of its consumer group, polled every \
                20 ms), so start-up is left out.
                - Latency: ticks continue at the fixed rate; p50/p99 from the produce call of the tick that caused an \
                output (the tick itself, or the tick whose event time closed the window) to its arrival at a \
                read_committed reader, which first reads up to 50,000 of the bulk outputs (unmeasured) so its fetch path \
                is warm, and decodes the outputs only after the phase; each output's latency by send time is in \
                `benchmark/<run>.latencies.tsv`. The first run of an invocation still reads about 10-15 ms more (p50) \
                than it does after another run, so compare latencies of runs that are not first (e.g. with \
                `pipe-eos-1t` first in `bench.runs`). Kafka Streams' emit-on-window-close looks for closed windows at most once per \
                second of wall-clock time (its default), which shows in its window latencies.
                - Correctness: every system's output for the bulk input is compared with a reference model of the \
                contract's semantics (Flink's watermark rules; Kafka Streams' grace rules select the same windows for \
                this input): dedup's first occurrences each once; each window's max and count, each window once.
                - Memory: peak heap in use (sampled every 100 ms), peak RSS (VmHWM of the system's JVM).
                """);
        if (repeated) {
            out.append(String.format(Locale.ROOT, "- Rounds (bench.repeat=%d): the selected runs ran %d times, "
                    + "interleaved (round 1 runs each once in order, then round 2, ...), each time on a fresh input "
                    + "topic in a fresh JVM, and each round's output was checked. A table cell is the median of a "
                    + "figure over the rounds that measured it (the mean of the middle two for an even count); paired "
                    + "ratios divide figures of the same round.%n", settings.repeat(), settings.repeat()));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
    }

    /**
     * The enrichment rows against their bound: each async run's capacity per task, partitions, bound (capacity x
     * partitions / latency) and the share of it reached, and how many times the blocking baseline of the same run.
     * Capacity is per task, so a partition gets at most capacity / latency however idle the others are: the run ends
     * with its busiest partition, and the bound for the input as keyed is capacity / latency / that partition's share
     * of the input (the 100 benchmark symbols spread 23/33/21/23 over 4 partitions: 76% of the even bound).
     */
    private static void enrichment(BenchmarkSettings settings, List<RunResult> results, StringBuilder out) {
        List<RunResult> enrich = results.stream().filter(r -> r.spec().job() == Job.ENRICH && r.failure() == null)
                .toList();
        if (enrich.isEmpty()) {
            return;
        }
        double perTask = (double) Job.ENRICH_CAPACITY * 1000 / Job.LOOKUP_DELAY.toMillis();
        double bound = perTask * settings.partitions();
        Optional<RunResult> blocking = enrich.stream()
                .filter(r -> ChildMain.TRIBUTARY_BLOCKING.equals(r.spec().system())).findFirst();
        out.append(String.format(Locale.ROOT, "%n### Enrichment against its bound%n%nBound = capacity per task x "
                + "partitions / lookup latency. Capacity is per task, so the run ends with its busiest partition: "
                + "the bound for this input is capacity / latency / that partition's share of the input (keyed by "
                + "symbol, the input does not spread evenly). The blocking runs are measured for %d s (a %d ms call per "
                + "record on each thread); the async runs on %,d input ticks. `tributary-lookup` completes each lookup "
                + "after %d ms on a timer in the process (no network: the engine alone); `tributary` calls the HTTP "
                + "endpoint (`tributary-jdkhttp` through the JDK's HttpClient); `tributary-coalesce` too, with `coalesce()`: records of a symbol in flight share one GET, "
                + "so a record joining a GET already sent waits less than its latency, and the bound is no bound for "
                + "it.%n%n"
                + "| run | capacity/task | partitions | latency ms | bound records/s | records/s | of bound "
                + "| busiest partition | bound for this input | of that | x blocking |%n"
                + "|---|---|---|---|---|---|---|---|---|---|---|%n", settings.blockingTimeBox().toSeconds(),
                Job.LOOKUP_DELAY.toMillis(), settings.enrichRecords(), Job.LOOKUP_DELAY.toMillis()));
        for (RunResult result : enrich) {
            boolean async = result.spec().isAsyncEnrichment();
            double runBound = async ? bound : 1000.0 * result.spec().threads() / Job.LOOKUP_DELAY.toMillis();
            boolean skewKnown = async && !Double.isNaN(result.busiestShare()) && result.busiestShare() > 0;
            double inputBound = skewKnown ? Math.min(bound, perTask / result.busiestShare()) : Double.NaN;
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %,.0f | %,.0f | %.0f%% | %s | %s | %s | %s |%n",
                    result.spec().name(), async ? Integer.toString(Job.ENRICH_CAPACITY) : "1 (blocking)",
                    settings.partitions(), Job.LOOKUP_DELAY.toMillis(), runBound, result.recordsPerSecond(),
                    100 * result.recordsPerSecond() / runBound,
                    skewKnown ? String.format(Locale.ROOT, "%.1f%%", 100 * result.busiestShare()) : "-",
                    skewKnown ? String.format(Locale.ROOT, "%,.0f", inputBound) : "-",
                    skewKnown ? String.format(Locale.ROOT, "%.0f%%", 100 * result.recordsPerSecond() / inputBound) : "-",
                    blocking.filter(b -> b.recordsPerSecond() > 0)
                            .map(b -> String.format(Locale.ROOT, "%.1fx", result.recordsPerSecond()
                                    / b.recordsPerSecond())).orElse("-")));
        }
    }

    /** Marks latencies of a system slower than the latency phase's rate: they measure its growing backlog. */
    private static String overloaded(BenchmarkSettings settings, RunResult result) {
        return result.recordsPerSecond() < settings.rate() && !Double.isNaN(result.p50Millis()) ? " (overloaded)" : "";
    }

    private static Optional<RunResult> ceiling(List<RunResult> results, RunResult result) {
        return results.stream().filter(r -> r.spec().isCeiling() && r.spec().exactlyOnce() == result.spec().exactlyOnce()
                && r.failure() == null).findFirst();
    }

    /** Kafka Streams' run of the same job that {@code result} is compared with: its fastest, failed runs left out. */
    static Optional<RunResult> kafkaStreams(List<RunResult> results, RunResult result) {
        return results.stream().filter(r -> r.spec().isKafkaStreams() && r.spec().job() == result.spec().job()
                && r.failure() == null).max(Comparator.comparingDouble(RunResult::recordsPerSecond));
    }

    private static String cell(RunResult result, Optional<RunResult> ceiling, Optional<RunResult> streams,
            ToDoubleFunction<RunResult> figure, String format) {
        double value = figure.applyAsDouble(result);
        if (Double.isNaN(value) || value < 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, format, value) + " (" + ratio(value, ceiling, figure) + ", "
                + ratio(value, streams, figure) + ")";
    }

    private static String ratio(double value, Optional<RunResult> reference, ToDoubleFunction<RunResult> figure) {
        if (reference.isEmpty()) {
            return "-";
        }
        double base = figure.applyAsDouble(reference.get());
        if (Double.isNaN(base) || base <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", value / base);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : (bytes / 1048576) + " MiB";
    }
}
