package io.tributary.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.tributary.api.ProcessorStatus;
import io.tributary.api.StateQueryResult;
import io.tributary.api.Tributary;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code tributary} actuator endpoint: the processors running on this instance, with their topics, assigned
 * partitions, status, counts and failure ({@code /actuator/tributary}), or one of them
 * ({@code /actuator/tributary/{processor}}, 404 when there is no such processor), and the state of one key
 * ({@code /actuator/tributary/{processor}/state/{key}}, see {@link #state}).
 *
 * <p>Read-only; before the processors start, and when the application has none, it lists none. Thread-safe.
 */
@Endpoint(id = "tributary")
public class TributaryEndpoint {

    /** HTTP 421 Misdirected Request: this instance cannot answer for the key; the body names the one that can. */
    public static final int MISDIRECTED_REQUEST = 421;

    private final Supplier<Map<String, ProcessorStatus>> statuses;
    private final StateQueries queries;

    /** @param statuses the current status of each processor by name, empty while none runs; state queries answer 503 */
    public TributaryEndpoint(Supplier<Map<String, ProcessorStatus>> statuses) {
        this(statuses, (processor, key) -> null);
    }

    /**
     * @param statuses the current status of each processor by name, empty while none runs
     * @param queries answers state queries ({@link Tributary#queryState}), {@code null} while no runtime runs
     */
    public TributaryEndpoint(Supplier<Map<String, ProcessorStatus>> statuses, StateQueries queries) {
        this.statuses = statuses;
        this.queries = queries;
    }

    /** Answers a state query for one key of one processor; see {@link Tributary#queryState}. */
    @FunctionalInterface
    public interface StateQueries {

        /** The answer, or {@code null} when no runtime runs. */
        @Nullable StateQueryResult query(String processor, String key);
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
     * The committed state of {@code key} in {@code processor} ({@code /actuator/tributary/{processor}/state/{key}}),
     * read-only, as of the processor's last commit (see {@link StateQueryResult}). The status says who can answer:
     * <ul>
     * <li>200 with the key's states when this instance owns the key's partition and holds state for it;
     * <li>404 when this instance owns the partition and holds none (or there is no such processor);
     * <li>421 Misdirected Request when another instance owns it: the body names that instance
     * ({@code ownerInstance}, its {@code tributary.instance-id}), its host as the broker sees it, and the URL it
     * advertises ({@code ownerUrl}, its {@code tributary.advertised-url}, when set). Not a redirect: the owner may
     * change before a client follows;
     * <li>503 when nobody can answer now (the partition is restoring or moving between instances, or the processors
     * are not running): retry;
     * <li>400 when the text is not a key of the processor.
     * </ul>
     */
    @ReadOperation
    public WebEndpointResponse<Object> state(@Selector String processor, @Selector String section,
            @Selector String key) {
        if (!"state".equals(section) || !statuses.get().containsKey(processor)) {
            return new WebEndpointResponse<>(new QueryError(processor, key, "no such processor or resource: "
                    + processor + "/" + section), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        StateQueryResult result;
        try {
            result = queries.query(processor, key);
        }
        catch (IllegalArgumentException ex) {
            return new WebEndpointResponse<>(new QueryError(processor, key, ex.getMessage()),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        catch (IllegalStateException ex) {
            return new WebEndpointResponse<>(new QueryError(processor, key, ex.getMessage()),
                    WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        if (result == null) {
            return new WebEndpointResponse<>(new QueryError(processor, key, "the processors are not running"),
                    WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        int status = switch (result.outcome()) {
            case FOUND -> WebEndpointResponse.STATUS_OK;
            case NOT_FOUND -> WebEndpointResponse.STATUS_NOT_FOUND;
            case OTHER_INSTANCE -> MISDIRECTED_REQUEST;
            case UNAVAILABLE -> WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE;
        };
        return new WebEndpointResponse<>(KeyStateDescriptor.of(result), status);
    }

    /**
     * The answer to a state query.
     *
     * @param processor the processor asked
     * @param key the key asked for
     * @param outcome {@code FOUND}, {@code NOT_FOUND}, {@code OTHER_INSTANCE} or {@code UNAVAILABLE}
     * @param partition the key's partition
     * @param ownerInstance the instance id of the partition's owner, or {@code null} when none owns it now
     * @param ownerHost the owner's host as the broker sees it, or {@code null} when it is this instance or unknown
     * @param ownerUrl the {@code tributary.advertised-url} of the owner, when another instance owns the key and
     *        advertises one, else {@code null}
     * @param states the key's committed value in each of its states, by state name
     */
    public record KeyStateDescriptor(String processor, String key, String outcome, int partition,
            @Nullable String ownerInstance, @Nullable String ownerHost, @Nullable String ownerUrl,
            Map<String, JsonNode> states) implements OperationResponseBody {

        static KeyStateDescriptor of(StateQueryResult result) {
            return new KeyStateDescriptor(result.processor(), result.key(), result.outcome().name(),
                    result.partition(), result.ownerInstance(), result.ownerHost(), result.ownerUrl(), result.states());
        }
    }

    /**
     * Why a state query got no answer.
     *
     * @param processor the processor asked for
     * @param key the key asked for
     * @param error what was wrong
     */
    public record QueryError(String processor, String key, @Nullable String error) implements OperationResponseBody {
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
     * @param restoreRemaining changelog records still to replay into its partitions restoring here, 0 when none is
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
            boolean running, boolean restoring, long restoreRemaining, long recordsIn, long recordsOut,
            long deadLettered, long commits, long recordsLate, long duplicatesDropped, @Nullable String failure, @Nullable Instant watermark, long lag,
            long stateEntries, long stateBytes, List<ProcessorStatus.PartitionStatus> partitions)
            implements OperationResponseBody {

        static ProcessorDescriptor of(ProcessorStatus status) {
            List<ProcessorStatus.PartitionStatus> partitions = status.partitions();
            return new ProcessorDescriptor(status.sources(), status.outputTopic(), status.assignedPartitions(),
                    status.running(), status.restoring(), status.restoreRemaining(), status.recordsIn(),
                    status.recordsOut(), status.deadLettered(), status.commits(), status.recordsLate(), status.duplicatesDropped(),
                    status.failure(), status.minWatermark(),
                    partitions.stream().mapToLong(p -> Math.max(0, p.lag())).sum(),
                    partitions.stream().mapToLong(ProcessorStatus.PartitionStatus::stateEntries).sum(),
                    partitions.stream().mapToLong(ProcessorStatus.PartitionStatus::stateBytes).sum(), partitions);
        }
    }
}
