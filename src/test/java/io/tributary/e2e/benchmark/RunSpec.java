package io.tributary.e2e.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the benchmark: a system running a job with a guarantee and a number of threads, in its own JVM.
 *
 * <p>The list {@link #all()} is the extension point for new cases: a new job (enrichment, once {@code @Enrich}
 * exists) adds a {@link Job} constant, its expected output in {@link ReferenceModel} and {@link OutputCheck}, its
 * definition in {@link TributaryJobs} and its baseline (e.g. a blocking call per record) as a system in
 * {@link ChildMain}, and its runs here.
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

    /** The consumer group whose committed input offsets show the run's progress. */
    String group(String app) {
        return ChildMain.TRIBUTARY.equals(system) ? app + "-" + TributaryJobs.processorName(job) : app;
    }

    /**
     * The runs in order: the ceiling without and with transactions, Tributary's jobs exactly-once (one and two
     * threads) and at-least-once, then Kafka Streams' with exactly_once_v2 on one and two stream threads.
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
        return runs;
    }
}
