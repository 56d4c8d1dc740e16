package io.tributary.internals.runtime;

import java.time.Duration;

import io.tributary.api.TributaryConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.jspecify.annotations.Nullable;

/**
 * How a processor thread's consumer belongs to its group: its {@code group.instance.id} under static membership, and
 * whether closing it takes it out of the group.
 *
 * <p>Why: a static member keeps its partitions while it is away, up to {@code session.timeout.ms}, and gets them back
 * when a consumer with its {@code group.instance.id} joins again, with no rebalance. That id must be unique among the
 * group's live consumers and the same for the thread that replaces it after a restart: the instance id (unique and
 * stable, see {@link InstanceIds}) plus the thread index does both; the processor name is there for people reading
 * the group's members (each processor is a group of its own).
 */
final class GroupMembership {

    private final TributaryConfig config;

    GroupMembership(TributaryConfig config) {
        this.config = config;
    }

    /** The consumer's {@code group.instance.id}, or {@code null} for a dynamic member. */
    @Nullable String groupInstanceId(String processor, int threadIndex) {
        return config.staticMembership() ? config.instanceId() + "-" + processor + "-" + threadIndex : null;
    }

    /**
     * How to close the consumer: a dynamic member leaves its group (Kafka's default); a static one stays, waiting for
     * its successor, unless a graceful close was configured to leave. A crash ({@code graceful} false) never leaves.
     */
    CloseOptions closeOptions(boolean graceful, Duration timeout) {
        GroupMembershipOperation operation = !config.staticMembership() ? GroupMembershipOperation.DEFAULT
                : graceful && config.leaveGroupOnClose() ? GroupMembershipOperation.LEAVE_GROUP
                : GroupMembershipOperation.REMAIN_IN_GROUP;
        return CloseOptions.groupMembershipOperation(operation).withTimeout(timeout);
    }
}
