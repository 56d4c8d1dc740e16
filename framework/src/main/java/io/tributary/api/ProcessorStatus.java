package io.tributary.api;

import java.util.Set;

import io.tributary.internals.runtime.ProcessorRuntime;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one processor on this instance.
 *
 * @param name the processor's name
 * @param running whether all its threads are processing
 * @param restoring whether any of its partitions is restoring state from the changelog
 * @param assignedPartitions the partitions whose tasks run here
 * @param recordsIn input records read
 * @param recordsOut records emitted to the main output
 * @param deadLettered records sent to the dead-letter topic
 * @param commits transactions (or offset commits) completed
 * @param failure why the processor stopped, or {@code null}
 */
public record ProcessorStatus(String name, boolean running, boolean restoring, Set<Integer> assignedPartitions,
        long recordsIn, long recordsOut, long deadLettered, long commits, @Nullable String failure) {

    static ProcessorStatus of(ProcessorRuntime runtime) {
        Throwable failure = runtime.failure();
        var metrics = runtime.metrics();
        return new ProcessorStatus(runtime.definition().name(), runtime.running(), runtime.restoring(),
                runtime.assignedPartitions(), metrics.recordsIn.sum(), metrics.recordsOut.sum(),
                metrics.deadLettered.sum(), metrics.commits.sum(), failure == null ? null : failure.toString());
    }
}
