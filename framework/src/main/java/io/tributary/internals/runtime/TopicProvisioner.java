package io.tributary.internals.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TributaryConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure every topic a processor touches exists before it starts: missing sources, outputs, side
 * outputs and the dead-letter topic are created; existing ones are used as they are, whatever their
 * partition count. Internal topics (changelog: compacted; repartition) get as many partitions as the
 * processor has tasks. Fails start-up with a clear message when sources are not co-partitioned or a
 * changelog has fewer partitions than tasks.
 */
final class TopicProvisioner {

    private static final long TIMEOUT_SECONDS = 30;

    private final TributaryConfig config;
    private final ClientConfigs clientConfigs;

    TopicProvisioner(TributaryConfig config, ClientConfigs clientConfigs) {
        this.config = config;
        this.clientConfigs = clientConfigs;
    }

    /** Creates what is missing and returns the processor's task count. */
    int provision(ProcessorDefinition<?, ?, ?> definition) {
        try (Admin admin = Admin.create(clientConfigs.admin(config.applicationId() + "-admin"))) {
            Map<String, Integer> sources = ensure(admin, definition.sources(), config.defaultPartitions(), Map.of());
            int tasks = sources.values().stream().mapToInt(Integer::intValue).max().orElse(config.defaultPartitions());
            if (!definition.repartition() && new LinkedHashSet<>(sources.values()).size() > 1) {
                throw new IllegalStateException("processor '" + definition.name() + "' reads topics with different "
                        + "partition counts " + sources + "; co-partition them or call repartition() on its definition");
            }
            Set<String> outputs = new LinkedHashSet<>();
            if (definition.outputTopic() != null) {
                outputs.add(definition.outputTopic());
            }
            outputs.addAll(definition.sideOutputTopics().values());
            outputs.add(definition.deadLetterTopic());
            ensure(admin, new ArrayList<>(outputs), tasks, Map.of());

            Map<String, String> anyTimestamp = Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                    String.valueOf(Long.MAX_VALUE));
            if (definition.repartition()) {
                String repartition = InternalTopics.repartition(config.applicationId(), definition);
                requireAtLeast(ensure(admin, List.of(repartition), tasks, anyTimestamp), repartition, tasks);
            }
            Map<String, String> compacted = new HashMap<>(anyTimestamp);
            compacted.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            String changelog = InternalTopics.changelog(config.applicationId(), definition);
            requireAtLeast(ensure(admin, List.of(changelog), tasks, compacted), changelog, tasks);
            return tasks;
        }
    }

    private static void requireAtLeast(Map<String, Integer> partitions, String topic, int tasks) {
        if (partitions.get(topic) < tasks) {
            throw new IllegalStateException("internal topic '" + topic + "' has " + partitions.get(topic)
                    + " partitions but the processor has " + tasks + " tasks; add partitions to it "
                    + "(kafka-topics --alter --partitions " + tasks + ") or delete it to have it recreated");
        }
    }

    /** Describes topics, retrying while freshly created ones are not yet known to the broker answering. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Creates the missing topics of {@code topics}; returns every topic's partition count. */
    private Map<String, Integer> ensure(Admin admin, List<String> topics, int partitions, Map<String, String> configs) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    Optional<Short> replication = config.replicationFactor() < 0 ? Optional.empty()
                            : Optional.of(config.replicationFactor());
                    missing.add(new NewTopic(topic, Optional.of(partitions), replication).configs(configs));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, topics);
            Map<String, Integer> counts = new HashMap<>();
            described.forEach((name, description) -> counts.put(name, description.partitions().size()));
            return counts;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topics, ex);
        }
        catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
            throw new IllegalStateException("could not create or describe topics " + topics + " on "
                    + config.kafkaProperties().get("bootstrap.servers") + ": " + ex.getMessage(), ex);
        }
    }
}
