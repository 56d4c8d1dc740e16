package io.tributary.internals.runtime;

import java.time.Duration;
import java.util.Map;

import io.tributary.api.TributaryConfig;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Static membership: one group.instance.id per consumer, stable across restarts, and what a close does. */
class GroupMembershipTest {

    @Test
    void staticMembersGetAnIdPerInstanceProcessorAndThread() {
        GroupMembership membership = new GroupMembership(config(true, false));

        assertThat(membership.groupInstanceId("counter", 0)).isEqualTo("node-1-counter-0");
        assertThat(membership.groupInstanceId("counter", 1)).isEqualTo("node-1-counter-1");
        assertThat(new GroupMembership(config(true, false)).groupInstanceId("counter", 1)).isEqualTo("node-1-counter-1");
        assertThat(new ClientConfigs(config(true, false)).consumer("group", "client", "node-1-counter-1"))
                .containsEntry("group.instance.id", "node-1-counter-1");
    }

    @Test
    void dynamicMembersGetNoIdAndLeaveOnClose() {
        GroupMembership membership = new GroupMembership(config(false, true));

        assertThat(membership.groupInstanceId("counter", 0)).isNull();
        assertThat(new ClientConfigs(config(false, false)).consumer("group", "client", null))
                .doesNotContainKey("group.instance.id");
        assertThat(membership.closeOptions(true, Duration.ZERO).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.DEFAULT);
    }

    @Test
    void staticMembersStayInTheGroupOnCloseUnlessAGracefulCloseIsToLeave() {
        GroupMembership remaining = new GroupMembership(config(true, false));
        GroupMembership leaving = new GroupMembership(config(true, true));

        assertThat(remaining.closeOptions(true, Duration.ofSeconds(10)).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
        assertThat(remaining.closeOptions(true, Duration.ofSeconds(10)).timeout()).contains(Duration.ofSeconds(10));
        assertThat(leaving.closeOptions(true, Duration.ZERO).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        assertThat(leaving.closeOptions(false, Duration.ZERO).groupMembershipOperation())
                .isEqualTo(GroupMembershipOperation.REMAIN_IN_GROUP);
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
