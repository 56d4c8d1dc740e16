package io.tributary.e2e.benchmark;

import java.util.List;

/**
 * What one run measured. Figures are {@code NaN} (or -1 for byte counts) when unknown, e.g. after a failure.
 *
 * @param spec the run
 * @param round the round of {@code -Dbench.repeat} it was measured in, from 1; 0 for the median of several rounds
 * @param recordsPerSecond input records processed per second, from the first commit to the last input offset
 *        committed, over {@code processed} records
 * @param processed the records that figure covers
 * @param cpuCores the system JVM's CPU time over that span divided by its length (2.0 = both cores busy)
 * @param p50Millis median end-to-end latency at the fixed rate: produce call to arrival at a read_committed reader
 * @param p99Millis 99th percentile of the same
 * @param latencySamples outputs the percentiles are taken over
 * @param heapPeakBytes peak heap in use, sampled every 100 ms
 * @param rssPeakBytes peak resident set of the system's JVM (VmHWM)
 * @param rssEndBytes resident set at the end of the latency phase (VmRSS)
 * @param gcMillis total GC pause time reported by the JVM
 * @param outputRecords records checked on the output topic
 * @param problems differences from the reference output; empty when complete and exact
 * @param busiestShare the share of the input in its busiest partition, or {@code NaN}
 * @param failure why the run did not complete, or {@code null}
 */
record RunResult(RunSpec spec, int round, double recordsPerSecond, long processed, double cpuCores, double p50Millis,
        double p99Millis, int latencySamples, long heapPeakBytes, long rssPeakBytes, long rssEndBytes, long gcMillis,
        long outputRecords, List<String> problems, double busiestShare,
        @org.jspecify.annotations.Nullable String failure) {

    /** A run that failed with {@code message}: its figures unknown (NaN or -1), so medians over rounds leave it out. */
    static RunResult failed(RunSpec spec, int round, String message) {
        return new RunResult(spec, round, Double.NaN, -1, Double.NaN, Double.NaN, Double.NaN, -1, -1, -1, -1, -1, -1,
                List.of(), Double.NaN, message);
    }

    boolean matched() {
        return failure == null && problems.isEmpty();
    }
}
