package io.tributary.internals.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoPartitionedAssignorTest {

    private final CoPartitionedAssignor assignor = new CoPartitionedAssignor();
    private final Cluster cluster = cluster(Map.of("orders", 4, "payments", 4));

    @Test
    void givesEveryTopicsPartitionOfATaskToTheSameMember() {
        Map<String, Assignment> result = assign(Map.of("a", List.of(), "b", List.of()));

        for (Assignment assignment : result.values()) {
            Set<Integer> orders = new HashSet<>();
            Set<Integer> payments = new HashSet<>();
            assignment.partitions().forEach(tp -> (tp.topic().equals("orders") ? orders : payments).add(tp.partition()));
            assertThat(orders).isEqualTo(payments).hasSize(2);
        }
    }

    @Test
    void keepsOwnedTasksAndMovesOthersOnlyAfterRevocation() {
        List<TopicPartition> ownedByA = tasks(0, 1, 2, 3);

        Map<String, Assignment> firstRound = assign(Map.of("a", ownedByA, "b", List.of()));
        assertThat(partitionsOf(firstRound.get("a"))).hasSize(2);
        assertThat(firstRound.get("b").partitions()).as("tasks still owned by a are not handed to b yet").isEmpty();

        Map<String, Assignment> secondRound = assign(Map.of("a", firstRound.get("a").partitions(), "b", List.of()));
        assertThat(partitionsOf(secondRound.get("a"))).isEqualTo(partitionsOf(firstRound.get("a")));
        assertThat(partitionsOf(secondRound.get("b"))).hasSize(2).doesNotContainAnyElementsOf(partitionsOf(secondRound.get("a")));
    }

    @Test
    void handsTasksOfADepartedMemberOverAtOnce() {
        Map<String, Assignment> result = assign(Map.of("b", tasks(2, 3)));

        assertThat(partitionsOf(result.get("b"))).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void everyAssignmentCarriesTheAdvertisedUrlsOfAllInstances() {
        InstanceUrls a = new InstanceUrls("a", "http://a.example:8080");
        InstanceUrls b = new InstanceUrls("b", null);
        CoPartitionedAssignor assignorOfA = configured(a);
        CoPartitionedAssignor assignorOfB = configured(b);
        Map<String, Subscription> subscriptions = Map.of(
                "member-a", new Subscription(List.of("orders"), assignorOfA.subscriptionUserData(Set.of("orders"))),
                "member-b", new Subscription(List.of("orders"), assignorOfB.subscriptionUserData(Set.of("orders"))));

        Map<String, Assignment> result = assignorOfA.assign(cluster, new GroupSubscription(subscriptions))
                .groupAssignment();
        assignorOfB.onAssignment(result.get("member-b"), null);

        assertThat(assignorOfB.subscriptionUserData(Set.of("orders"))).as("b advertises no URL").isNull();
        assertThat(b.urlOf("a")).isEqualTo("http://a.example:8080");
        assertThat(b.urlOf("c")).isNull();
        assertThat(a.urlOf("a")).isEqualTo("http://a.example:8080");
    }

    @Test
    void assignsWithoutUrlsWhenNoMemberAdvertisesOne() {
        Map<String, Assignment> result = assign(Map.of("a", List.of(), "b", List.of()));

        assertThat(result.values()).allSatisfy(assignment -> assertThat(assignment.userData()).isNull());
    }

    private static CoPartitionedAssignor configured(InstanceUrls urls) {
        CoPartitionedAssignor configured = new CoPartitionedAssignor();
        configured.configure(Map.of(InstanceUrls.CONFIG, urls, "group.id", "g"));
        return configured;
    }

    private Map<String, Assignment> assign(Map<String, List<TopicPartition>> owned) {
        Map<String, Subscription> subscriptions = new HashMap<>();
        owned.forEach((member, partitions) ->
                subscriptions.put(member, new Subscription(List.of("orders", "payments"), null, partitions)));
        return assignor.assign(cluster, new GroupSubscription(subscriptions)).groupAssignment();
    }

    private static List<TopicPartition> tasks(int... partitions) {
        List<TopicPartition> all = new java.util.ArrayList<>();
        for (int partition : partitions) {
            all.add(new TopicPartition("orders", partition));
            all.add(new TopicPartition("payments", partition));
        }
        return all;
    }

    private static Set<Integer> partitionsOf(Assignment assignment) {
        Set<Integer> partitions = new HashSet<>();
        assignment.partitions().forEach(tp -> partitions.add(tp.partition()));
        return partitions;
    }

    private static Cluster cluster(Map<String, Integer> topics) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new java.util.ArrayList<>();
        topics.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                partitions.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        });
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }
}
