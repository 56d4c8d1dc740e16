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

    /** Why a processor thread closes its consumer. */
    enum Close {
        /** A requested, graceful close (a restart or a scale-down): final commit, then the close. */
        GRACEFUL,
        /** {@code kill()}: a simulated crash, nothing committed, nothing said to the group. */
        KILLED,
        /** The thread failed (an unrecoverable error): it stops for good, and nothing restarts it in this JVM. */
        FAILED
    }

    /**
     * How to close the consumer: a dynamic member leaves its group (Kafka's default). A static one stays, waiting for
     * its successor, after a crash ({@link Close#KILLED}) and after a graceful close unless that was configured to
     * leave. A failed thread always leaves: no successor comes back with its id in this JVM, so its partitions would
     * wait for {@code session.timeout.ms} before another member gets them.
     */
    CloseOptions closeOptions(Close close, Duration timeout) {
        GroupMembershipOperation operation = !config.staticMembership() ? GroupMembershipOperation.DEFAULT
                : close == Close.FAILED ? GroupMembershipOperation.LEAVE_GROUP
                : close == Close.GRACEFUL && config.leaveGroupOnClose() ? GroupMembershipOperation.LEAVE_GROUP
                : GroupMembershipOperation.REMAIN_IN_GROUP;
        return CloseOptions.groupMembershipOperation(operation).withTimeout(timeout);
    }
}
