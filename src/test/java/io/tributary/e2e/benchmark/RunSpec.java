package io.tributary.e2e.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the benchmark: a system running a job with a guarantee and a number of threads, in its own JVM.
 *
 * <p>The list {@link #all()} is the extension point for new cases: a new job adds a {@link Job} constant, its
 * expected output in {@link ReferenceModel} and {@link OutputCheck}, its definition in {@link TributaryJobs} and
 * {@link KafkaStreamsJobs} (or a baseline system in {@link ChildMain}), and its runs here.
 */
record RunSpec(String system, Job job, boolean exactlyOnce, int threads) {

    String name() {
        return system + (job == Job.PIPE ? "" : "-" + job.id()) + "-" + (exactlyOnce ? "eos" : "alos") + "-" + threads
                + "t";
    }

    String guarantee() {
        return exactlyOnce ? "exactly-once" : "at-least-once";
    }

    boolean isCeiling() {
        return ChildMain.PIPE.equals(system);
    }

    boolean isKafkaStreams() {
        return ChildMain.KAFKA_STREAMS.equals(system);
    }

    /** Whether Tributary runs the job (any of its enrichment variants included). */
    boolean isTributary() {
        return system.startsWith(ChildMain.TRIBUTARY);
    }

    /** The consumer group whose committed input offsets show the run's progress. */
    String group(String app) {
        return isTributary() ? app + "-" + TributaryJobs.processorName(job) : app;
    }

    /**
     * Whether the run is measured for a fixed time instead of to the end of its input: blocking enrichment (20 ms per
     * record, so 50 records/s per thread) would take hours, and cannot keep up with the latency phase's rate.
     */
    boolean timeBoxed() {
        return job == Job.ENRICH && !isAsyncEnrichment();
    }

    /** Whether this is Tributary's async enrichment (over HTTP, coalescing or not, or with the in-process lookup). */
    boolean isAsyncEnrichment() {
        return job == Job.ENRICH && (ChildMain.TRIBUTARY.equals(system) || ChildMain.TRIBUTARY_LOOKUP.equals(system)
                || ChildMain.TRIBUTARY_COALESCE.equals(system) || ChildMain.TRIBUTARY_JDK_HTTP.equals(system));
    }

    /**
     * The runs in order: the ceiling without and with transactions, Tributary's jobs exactly-once (one and two
     * threads) and at-least-once, then Kafka Streams' with exactly_once_v2 on one and two stream threads; then
     * enrichment against a 20 ms endpoint: Tributary's async {@code Enrichment}, and a blocking call per record in
     * Tributary and in Kafka Streams.
     */
    static List<RunSpec> all() {
        List<RunSpec> runs = new ArrayList<>();
        runs.add(new RunSpec(ChildMain.PIPE, Job.PIPE, false, 1));
        runs.add(new RunSpec(ChildMain.PIPE, Job.PIPE, true, 1));
        for (Job job : List.of(Job.DEDUP, Job.TUMBLING, Job.SLIDING)) {
            runs.add(new RunSpec(ChildMain.TRIBUTARY, job, true, 1));
            runs.add(new RunSpec(ChildMain.TRIBUTARY, job, true, 2));
            runs.add(new RunSpec(ChildMain.TRIBUTARY, job, false, 1));
            runs.add(new RunSpec(ChildMain.KAFKA_STREAMS, job, true, 1));
            runs.add(new RunSpec(ChildMain.KAFKA_STREAMS, job, true, 2));
        }
        runs.add(new RunSpec(ChildMain.TRIBUTARY_LOOKUP, Job.ENRICH, true, 1));
        runs.add(new RunSpec(ChildMain.TRIBUTARY_LOOKUP, Job.ENRICH, true, 2));
        runs.add(new RunSpec(ChildMain.TRIBUTARY, Job.ENRICH, true, 1));
        runs.add(new RunSpec(ChildMain.TRIBUTARY, Job.ENRICH, true, 2));
        runs.add(new RunSpec(ChildMain.TRIBUTARY_COALESCE, Job.ENRICH, true, 1));
        runs.add(new RunSpec(ChildMain.TRIBUTARY_JDK_HTTP, Job.ENRICH, true, 1));
        runs.add(new RunSpec(ChildMain.TRIBUTARY_BLOCKING, Job.ENRICH, true, 1));
        runs.add(new RunSpec(ChildMain.KAFKA_STREAMS, Job.ENRICH, true, 1));
        runs.add(new RunSpec(ChildMain.KAFKA_STREAMS, Job.ENRICH, true, 2));
        return runs;
    }
}
