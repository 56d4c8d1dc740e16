package io.tributary.internals.runtime;

import java.time.Duration;
import java.util.Map;

import io.tributary.api.TributaryConfig;
import io.tributary.internals.runtime.GroupMembership.Close;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Static membership: one group.instance.id per consumer, stable across restarts, and what a close does. */
class GroupMembershipTest {

    @Test
    void staticMembersGetAnIdPerInstanceProcessorAndThread() {
        GroupMembership membership = new GroupMembership(config(true, false));

        assertThat(membership.groupInstanceId("counter", 0)).isEqualTo("node-1-counter-0");
        assertThat(membership.groupInstanceId("counter", 1)).isEqualTo("node-1-counter-1");
        assertThat(new GroupMembership(config(true, false)).groupInstanceId("counter", 1)).isEqualTo("node-1-counter-1");
        assertThat(new ClientConfigs(config(true, false)).consumer("group", "client", "node-1-counter-1", false))
                .containsEntry("group.instance.id", "node-1-counter-1");
    }

    @Test
    void dynamicMembersGetNoIdAndLeaveOnClose() {
        GroupMembership membership = new GroupMembership(config(false, true));

        assertThat(membership.groupInstanceId("counter", 0)).isNull();
        assertThat(new ClientConfigs(config(false, false)).consumer("group", "client", null, false))
                .doesNotContainKey("group.instance.id");
        assertThat(membership.closeOptions(Close.GRACEFUL, Duration.ZERO).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.DEFAULT);
    }

    @Test
    void staticMembersStayInTheGroupOnCloseUnlessAGracefulCloseIsToLeave() {
        GroupMembership remaining = new GroupMembership(config(true, false));
        GroupMembership leaving = new GroupMembership(config(true, true));

        assertThat(remaining.closeOptions(Close.GRACEFUL, Duration.ofSeconds(10)).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
        assertThat(remaining.closeOptions(Close.GRACEFUL, Duration.ofSeconds(10)).timeout()).contains(Duration.ofSeconds(10));
        assertThat(leaving.closeOptions(Close.GRACEFUL, Duration.ZERO).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        assertThat(leaving.closeOptions(Close.KILLED, Duration.ZERO).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    @Test
    void aFailedStaticMemberLeavesTheGroupWhetherOrNotAGracefulCloseWould() {
        for (boolean leaveOnClose : new boolean[] {false, true}) {
            GroupMembership membership = new GroupMembership(config(true, leaveOnClose));

            assertThat(membership.closeOptions(Close.FAILED, Duration.ofSeconds(10)).groupMembershipOperation())
                    .isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        }
        assertThat(new GroupMembership(config(false, false)).closeOptions(Close.FAILED, Duration.ZERO)
                .groupMembershipOperation()).isEqualTo(GroupMembershipOperation.DEFAULT);
    }

    @Test
    void aFencedInstanceIsFatalEvenWrappedWhileOtherCommitFailuresAreRetried() {
        FencedInstanceIdException fenced = new FencedInstanceIdException("fenced");
        KafkaException wrapped = new KafkaException("commit failed", fenced);

        assertThatThrownBy(() -> ProcessorThread.rethrowIfFencedInstance(fenced)).isSameAs(fenced);
        assertThatThrownBy(() -> ProcessorThread.rethrowIfFencedInstance(wrapped)).isSameAs(wrapped);
        assertThatNoException().isThrownBy(
                () -> ProcessorThread.rethrowIfFencedInstance(new KafkaException("coordinator not available")));
    }

    @Test
    void aGroupInstanceIdInTheKafkaPropertiesFailsNamingItAndTheFix() {
        for (String key : new String[] {"group.instance.id", "consumer.group.instance.id"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> TributaryConfig.builder("app").instanceId("node-1")
                            .bootstrapServers("broker:9092").kafkaProperties(Map.of(key, "pod-0")).build())
                    .withMessageStartingWith(key + " must not be set in the Kafka properties (got 'pod-0')")
                    .withMessageContaining("set tributary.static-membership.enabled=true");
        }
    }

    private static TributaryConfig config(boolean staticMembership, boolean leaveGroupOnClose) {
        return TributaryConfig.builder("app").instanceId("node-1").bootstrapServers("broker:9092")
                .staticMembership(staticMembership).leaveGroupOnClose(leaveGroupOnClose).build();
    }
}
