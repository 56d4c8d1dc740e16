package io.tributary.e2e.benchmark;

import java.util.List;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.dedup.Deduplication;
import io.tributary.e2e.benchmark.ChildMain.JobSpec;
import io.tributary.window.Aggregations;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowAssigner;
import io.tributary.window.WindowedAggregation;
import tools.jackson.databind.JsonNode;

/** The jobs on Tributary, written as the stock-ticker sample writes them, each a one-processor application. */
final class TributaryJobs {

    private TributaryJobs() {
    }

    /** The processor's name; its consumer group is {@code <app>-<name>}. */
    static String processorName(Job job) {
        return job.id();
    }

    static AutoCloseable start(JobSpec spec) {
        TributaryConfig config = TributaryConfig.builder(spec.app())
                .instanceId("bench")
                .bootstrapServers(spec.bootstrap())
                .stateDir(spec.stateDir())
                .guarantee(spec.exactlyOnce() ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.AT_LEAST_ONCE)
                .commitInterval(ChildMain.commitInterval())
                .threadsPerProcessor(spec.threads())
                .build();
        Tributary tributary = Tributary.create(config, List.of(definition(spec))).start();
        return tributary;
    }

    static ProcessorDefinition<String, JsonNode, JsonNode> definition(JobSpec spec) {
        String name = processorName(spec.job());
        return switch (spec.job()) {
            case DEDUP -> Deduplication.builder(name)
                    .source(spec.input())
                    .output(spec.output())
                    .keyBy("symbol", "timestamp")
                    .eventTime("timestamp")
                    .maxOutOfOrderness(Job.OUT_OF_ORDERNESS)
                    .scope(Job.DEDUP_SCOPE)
                    .build();
            case TUMBLING -> windowed(spec, name, TumblingWindows.of(Job.WINDOW));
            case SLIDING -> windowed(spec, name, SlidingWindows.of(Job.WINDOW, Job.SLIDE));
            case PIPE -> throw new IllegalArgumentException("the pipe job runs on the plain clients only");
        };
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> windowed(JobSpec spec, String name,
            WindowAssigner windows) {
        return WindowedAggregation.builder(name)
                .source(spec.input())
                .output(spec.output())
                .keyBy("symbol")
                .eventTime("timestamp")
                .window(windows)
                .maxOutOfOrderness(Job.OUT_OF_ORDERNESS)
                .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                .build();
    }
}
