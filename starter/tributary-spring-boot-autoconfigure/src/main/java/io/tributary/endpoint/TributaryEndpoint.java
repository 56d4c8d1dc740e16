package io.tributary.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.tributary.api.ProcessorStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code tributary} actuator endpoint: the processors running on this instance, with their topics, assigned
 * partitions, status, counts and failure ({@code /actuator/tributary}), or one of them
 * ({@code /actuator/tributary/{processor}}, 404 when there is no such processor).
 *
 * <p>Read-only; before the processors start, and when the application has none, it lists none. Thread-safe.
 */
@Endpoint(id = "tributary")
public class TributaryEndpoint {

    private final Supplier<Map<String, ProcessorStatus>> statuses;

    /** @param statuses the current status of each processor by name, empty while none runs */
    public TributaryEndpoint(Supplier<Map<String, ProcessorStatus>> statuses) {
        this.statuses = statuses;
    }

    /** Every processor of this instance, by name. */
    @ReadOperation
    public ProcessorsDescriptor processors() {
        Map<String, ProcessorDescriptor> processors = new LinkedHashMap<>();
        statuses.get().forEach((name, status) -> processors.put(name, ProcessorDescriptor.of(status)));
        return new ProcessorsDescriptor(processors);
    }

    /** The processor named {@code name}, or {@code null} (a 404 over HTTP) when there is none. */
    @ReadOperation
    public @Nullable ProcessorDescriptor processor(@Selector String name) {
        ProcessorStatus status = statuses.get().get(name);
        return status != null ? ProcessorDescriptor.of(status) : null;
    }

    /**
     * The processors of this instance.
     *
     * @param processors each processor by name
     */
    public record ProcessorsDescriptor(Map<String, ProcessorDescriptor> processors) implements OperationResponseBody {
    }

    /**
     * One processor of this instance.
     *
     * @param sources the topics it reads
     * @param output the topic of its main output, or {@code null}
     * @param assignedPartitions the partitions whose tasks run on this instance
     * @param running whether all its threads are processing
     * @param restoring whether any of its partitions restores state from the changelog
     * @param recordsIn input records read
     * @param recordsOut records emitted to the main output
     * @param deadLettered records sent to the dead-letter topic
     * @param commits transactions or offset commits completed
     * @param recordsLate records too late for all their windows
     * @param duplicatesDropped records recognised as duplicates
     * @param failure why it stopped, or {@code null}
     * @param watermark the lowest watermark of its partitions here, or {@code null} before any
     * @param lag input records not yet read by its tasks here
     * @param stateEntries entries in its local stores here (estimate)
     * @param stateBytes size of its local stores here (estimate)
     * @param partitions each partition's watermark, lag and state size
     */
    public record ProcessorDescriptor(List<String> sources, @Nullable String output, Set<Integer> assignedPartitions,
            boolean running, boolean restoring, long recordsIn, long recordsOut, long deadLettered, long commits,
            long recordsLate, long duplicatesDropped, @Nullable String failure, @Nullable Instant watermark, long lag,
            long stateEntries, long stateBytes, List<ProcessorStatus.PartitionStatus> partitions)
            implements OperationResponseBody {

        static ProcessorDescriptor of(ProcessorStatus status) {
            List<ProcessorStatus.PartitionStatus> partitions = status.partitions();
            return new ProcessorDescriptor(status.sources(), status.outputTopic(), status.assignedPartitions(),
                    status.running(), status.restoring(), status.recordsIn(), status.recordsOut(),
                    status.deadLettered(), status.commits(), status.recordsLate(), status.duplicatesDropped(),
                    status.failure(), status.minWatermark(),
                    partitions.stream().mapToLong(p -> Math.max(0, p.lag())).sum(),
                    partitions.stream().mapToLong(ProcessorStatus.PartitionStatus::stateEntries).sum(),
                    partitions.stream().mapToLong(ProcessorStatus.PartitionStatus::stateBytes).sum(), partitions);
        }
    }
}
