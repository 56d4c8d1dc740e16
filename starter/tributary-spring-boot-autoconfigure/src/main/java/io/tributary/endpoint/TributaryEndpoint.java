package io.tributary.endpoint;

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
     * @param failure why it stopped, or {@code null}
     */
    public record ProcessorDescriptor(List<String> sources, @Nullable String output, Set<Integer> assignedPartitions,
            boolean running, boolean restoring, long recordsIn, long recordsOut, long deadLettered, long commits,
            @Nullable String failure) implements OperationResponseBody {

        static ProcessorDescriptor of(ProcessorStatus status) {
            return new ProcessorDescriptor(status.sources(), status.outputTopic(), status.assignedPartitions(),
                    status.running(), status.restoring(), status.recordsIn(), status.recordsOut(),
                    status.deadLettered(), status.commits(), status.failure());
        }
    }
}
