package io.tributary.e2e.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sizes and knobs of one benchmark run, read from {@code bench.*} system properties so that a smoke run
 * ({@code -Dbench.records=50000}) and the full run (1M ticks) use the same code.
 *
 * @param records input ticks loaded before each run (duplicates included) and measured; the generator spreads this many
 *     over its span of event time, whatever the warm-up
 * @param warmupRecords ticks loaded ahead of the measured ones for every job but enrichment, from the same stream:
 *     records/s is counted only once the system has committed this many, so that a run measures the system at speed
 *     rather than its JIT compilers, which take about half the system JVM's CPU in a cold run of 1M ticks
 * @param symbols distinct symbols (the key)
 * @param partitions partitions of the input and output topics
 * @param rate fixed input rate, records per second, of the latency phase
 * @param latencyPhase how long the latency phase produces at {@code rate}
 * @param duplicateFraction share of the input that repeats an earlier (symbol, timestamp)
 * @param disorderedFraction share of ticks whose event time is moved back by up to {@code maxDisorder}
 * @param maxDisorder how far back a disordered tick's event time goes; below the 3 min bound, so never late
 * @param lateFraction share of ticks moved back by 4-5 min, beyond the 3 min bound: the late-record path
 * @param seed seed of the generator; the same seed gives the same ticks in every run
 * @param enrichRecords input ticks of the enrichment runs: all of them by default, since a run of a few seconds measures
 *     the JIT compiler warming up more than the enrichment
 * @param blockingTimeBox how long a blocking enrichment run is measured; it would take hours to finish
 * @param runs names of the runs to do, or {@code all}
 * @param repeat how many rounds the selected runs are done in, interleaved; above 1 the report shows each figure's
 *     median, since single runs on a shared machine move by more than the differences it judges
 * @param childHeap {@code -Xmx} of each system's JVM
 * @param jfr whether each system's JVM records a JFR profile next to its log
 * @param outputDir where logs, profiles and the report go
 */
record BenchmarkSettings(int records, int warmupRecords, int symbols, int partitions, int rate, Duration latencyPhase,
        double duplicateFraction, double disorderedFraction, Duration maxDisorder, double lateFraction, long seed,
        int enrichRecords, Duration blockingTimeBox, Set<String> runs, int repeat, String childHeap, boolean jfr,
        Path outputDir) {

    BenchmarkSettings {
        require(records > 0, "bench.records", records, "e.g. 50000");
        require(warmupRecords >= 0, "bench.warmupRecords", warmupRecords, "e.g. 1000000, or 0 for none");
        require(symbols > 0 && symbols <= 10_000, "bench.symbols", symbols, "1..10000");
        require(partitions > 0, "bench.partitions", partitions, "e.g. 4");
        require(rate > 0, "bench.rate", rate, "e.g. 10000");
        require(repeat > 0, "bench.repeat", repeat, "e.g. 3");
        require(enrichRecords > 0, "bench.enrichRecords", enrichRecords, "e.g. 1000000");
        require(duplicateFraction >= 0 && duplicateFraction < 0.5, "bench.duplicates", duplicateFraction, "0..0.5");
        require(maxDisorder.compareTo(Duration.ofMinutes(3)) < 0, "bench.maxDisorder", maxDisorder,
                "below the 3 min out-of-orderness bound");
    }

    static BenchmarkSettings fromSystemProperties() {
        String runs = System.getProperty("bench.runs", "all");
        return new BenchmarkSettings(
                Integer.getInteger("bench.records", 1_000_000),
                Integer.getInteger("bench.warmupRecords", 0),
                Integer.getInteger("bench.symbols", 100),
                Integer.getInteger("bench.partitions", 4),
                Integer.getInteger("bench.rate", 5_000),
                Duration.ofSeconds(Integer.getInteger("bench.latencySeconds", 15)),
                Double.parseDouble(System.getProperty("bench.duplicates", "0.1")),
                Double.parseDouble(System.getProperty("bench.disordered", "0.2")),
                Duration.ofSeconds(Integer.getInteger("bench.maxDisorderSeconds", 20)),
                Double.parseDouble(System.getProperty("bench.late", "0.001")),
                Long.getLong("bench.seed", 20261121L),
                Integer.getInteger("bench.enrichRecords", 1_000_000),
                Duration.ofSeconds(Integer.getInteger("bench.blockingSeconds", 20)),
                Arrays.stream(runs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
                Integer.getInteger("bench.repeat", 1),
                System.getProperty("bench.childHeap", "1g"),
                Boolean.getBoolean("bench.jfr"),
                Path.of(System.getProperty("bench.outputDir", "target/benchmark")));
    }

    /** Input ticks of a run of {@code job}, warm-up included. */
    int recordsOf(Job job) {
        return job == Job.ENRICH ? enrichRecords : bulkTicks();
    }

    /** Ticks of a run of {@code job} committed before its records/s is counted. */
    int warmupOf(Job job) {
        return job == Job.ENRICH ? 0 : warmupRecords;
    }

    /** Ticks loaded for every job but enrichment: the warm-up, then the measured ones. */
    int bulkTicks() {
        return Math.addExact(warmupRecords, records);
    }

    boolean selected(String run) {
        return runs.contains("all") || runs.contains(run) || runs.stream().anyMatch(r -> r.endsWith("*")
                && run.startsWith(r.substring(0, r.length() - 1)));
    }

    private static void require(boolean ok, String property, Object value, String fix) {
        if (!ok) {
            throw new IllegalArgumentException(property + " is out of range, got " + value + "; set it to " + fix);
        }
    }
}
