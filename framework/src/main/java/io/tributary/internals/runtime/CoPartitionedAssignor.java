package io.tributary.internals.runtime;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Assigns partitions by task: every subscribed topic's partition <i>p</i> goes to the same member, so a
 * task reading several co-partitioned topics (or a source and its repartition topic) sees all of its
 * inputs on one instance. Balanced (task counts differ by at most one) and sticky (a member keeps the
 * tasks it owns up to its share), and cooperative: a task that must move is first left unassigned, so its
 * owner revokes (and commits) it, and is handed to its new owner in the follow-up rebalance.
 *
 * <p>Kafka's {@code CooperativeStickyAssignor} balances topic-partitions independently, which would
 * split a task's inputs across instances and with them its state.
 *
 * <p>It also spreads the members' advertised URLs ({@link InstanceUrls}): each subscription carries its instance's
 * id and URL, and every assignment all of them, so each instance can tell a state query where a key's owner answers.
 * Members that carry none (older versions, no URL set) are simply left out.
 */
public final class CoPartitionedAssignor implements ConsumerPartitionAssignor, Configurable {

    private @Nullable InstanceUrls urls;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(InstanceUrls.CONFIG) instanceof InstanceUrls given) {
            urls = given;
        }
    }

    @Override
    public @Nullable ByteBuffer subscriptionUserData(Set<String> topics) {
        byte[] data = urls == null ? null : urls.subscriptionData();
        return data == null ? null : ByteBuffer.wrap(data);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        if (urls != null) {
            urls.learn(InstanceUrls.decode(bytes(assignment.userData())));
        }
    }

    private static byte @Nullable [] bytes(@Nullable ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public String name() {
        return "tributary-copartitioned";
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> subscriptions = new TreeMap<>(groupSubscription.groupSubscription());
        Set<String> topics = new TreeSet<>();
        subscriptions.values().forEach(subscription -> topics.addAll(subscription.topics()));

        Map<Integer, List<TopicPartition>> tasks = new TreeMap<>();
        for (String topic : topics) {
            Integer count = metadata.partitionCountForTopic(topic);
            for (int partition = 0; count != null && partition < count; partition++) {
                tasks.computeIfAbsent(partition, p -> new ArrayList<>()).add(new TopicPartition(topic, partition));
            }
        }

        Map<Integer, String> currentOwner = new HashMap<>();
        subscriptions.forEach((member, subscription) -> subscription.ownedPartitions()
                .forEach(owned -> currentOwner.putIfAbsent(owned.partition(), member)));

        List<String> members = new ArrayList<>(subscriptions.keySet());
        Map<String, List<Integer>> target = balance(new ArrayList<>(tasks.keySet()), members, currentOwner);

        Map<String, String> instanceUrls = new TreeMap<>();
        subscriptions.values().forEach(subscription ->
                instanceUrls.putAll(InstanceUrls.decode(bytes(subscription.userData()))));
        ByteBuffer urlData = instanceUrls.isEmpty() ? null : ByteBuffer.wrap(InstanceUrls.encode(instanceUrls));

        Map<String, Assignment> assignments = new HashMap<>();
        for (String member : members) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int task : target.get(member)) {
                String owner = currentOwner.get(task);
                // Moving between two live members takes two rebalances: revoke first, assign after.
                if (owner == null || owner.equals(member) || !subscriptions.containsKey(owner)) {
                    partitions.addAll(tasks.get(task));
                }
            }
            assignments.put(member, new Assignment(partitions, urlData == null ? null : urlData.duplicate()));
        }
        return new GroupAssignment(assignments);
    }

    /** Each member keeps its current tasks up to its share; the rest go to the members with the fewest. */
    static Map<String, List<Integer>> balance(List<Integer> tasks, List<String> members, Map<Integer, String> owners) {
        Map<String, List<Integer>> target = new TreeMap<>();
        members.forEach(member -> target.put(member, new ArrayList<>()));
        if (members.isEmpty()) {
            return target;
        }
        int base = tasks.size() / members.size();
        int withExtra = tasks.size() % members.size();
        Map<String, Integer> quota = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            quota.put(members.get(i), base + (i < withExtra ? 1 : 0));
        }
        List<Integer> unassigned = new ArrayList<>();
        for (int task : tasks) {
            String owner = owners.get(task);
            if (owner != null && target.containsKey(owner) && target.get(owner).size() < quota.get(owner)) {
                target.get(owner).add(task);
            }
            else {
                unassigned.add(task);
            }
        }
        for (int task : unassigned) {
            String least = null;
            for (String member : members) {
                int size = target.get(member).size();
                if (size < quota.get(member) && (least == null || size < target.get(least).size())) {
                    least = member;
                }
            }
            target.get(least).add(task);
        }
        return target;
    }
}
