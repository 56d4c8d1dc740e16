package io.tributary.internals.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.StateQueryResult;
import io.tributary.api.StateQueryResult.Outcome;
import io.tributary.api.TributaryConfig;
import io.tributary.serde.Serde;
import io.tributary.serde.SerdeException;
import io.tributary.serde.Serdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Read-only queries of one processor's keyed state on this instance, and, for a key whose partition another
 * instance owns, which instance that is.
 *
 * <p>The key's partition is computed as its records are routed: the processor's key serde, then Kafka's default
 * partitioner (murmur2 of the key bytes modulo the task count), as the repartition topic does. A processor without
 * {@code repartition()} relies on its sources being partitioned by its key, which need not be by this hash (a
 * deduplication key {@code symbol|timestamp} on a topic keyed by symbol), so every local task is asked too.
 *
 * <p>The owner comes from the consumer group's current assignment ({@link Admin#describeConsumerGroups}): each
 * member's client id names its instance ({@code <app>-<processor>-<instance-id>-<thread>}) and the broker reports
 * its host. Asking the group answers from the assignment the broker holds now; it costs one admin round trip per query
 * for a key owned elsewhere. The broker knows only the host, not an HTTP port: the owner's advertised URL
 * ({@code tributary.advertised-url}) comes from the last rebalance's assignment ({@link InstanceUrls}).
 *
 * <p>Thread-safe; the admin client is created on first need and closed with {@link #close()}.
 */
final class StateQueries {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final ProcessorRuntime runtime;
    private @Nullable Admin admin;
    private boolean closed;

    StateQueries(ProcessorRuntime runtime) {
        this.runtime = runtime;
    }

    StateQueryResult query(String keyText) {
        ProcessorDefinition<?, ?, ?> definition = runtime.definition();
        byte[] keyBytes = keyBytes(definition, keyText);
        int tasks = runtime.taskCount();
        if (tasks < 1) {
            return result(Outcome.UNAVAILABLE, keyText, -1, null, null, null, Map.of());
        }
        int partition = Utils.toPositive(Utils.murmur2(keyBytes)) % tasks;
        TributaryConfig config = runtime.config();
        Map<String, Object> home = runtime.readCommitted(partition, keyBytes);
        if (home != null && !home.isEmpty()) {
            return result(Outcome.FOUND, keyText, partition, config.instanceId(), null, null, home);
        }
        for (int local : runtime.assignedPartitions()) {
            Map<String, Object> states = local == partition ? null : runtime.readCommitted(local, keyBytes);
            if (states != null && !states.isEmpty()) {
                return result(Outcome.FOUND, keyText, local, config.instanceId(), null, null, states);
            }
        }
        if (home != null) {
            return result(Outcome.NOT_FOUND, keyText, partition, config.instanceId(), null, null, Map.of());
        }
        MemberDescription owner = owner(partition);
        if (owner == null) {
            return result(Outcome.UNAVAILABLE, keyText, partition, null, null, null, Map.of());
        }
        String instance = instanceOf(owner.clientId(), config.applicationId(), definition.name());
        String host = owner.host().startsWith("/") ? owner.host().substring(1) : owner.host();
        // Owned here but not open: the task is restoring.
        Outcome outcome = instance.equals(config.instanceId()) ? Outcome.UNAVAILABLE : Outcome.OTHER_INSTANCE;
        String url = outcome == Outcome.OTHER_INSTANCE ? runtime.instanceUrls().urlOf(instance) : null;
        return result(outcome, keyText, partition, instance, host, url, Map.of());
    }

    private StateQueryResult result(Outcome outcome, String key, int partition, @Nullable String instance,
            @Nullable String host, @Nullable String url, Map<String, Object> states) {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        states.forEach((name, value) -> json.put(name, toJson(value)));
        return new StateQueryResult(outcome, runtime.definition().name(), key, partition, instance, host, url, json);
    }

    /** The key's bytes as its serde writes them: a long serde takes decimal text, any other serde the text's UTF-8. */
    @SuppressWarnings("unchecked")
    static byte[] keyBytes(ProcessorDefinition<?, ?, ?> definition, String keyText) {
        Serde<Object> serde = (Serde<Object>) definition.keySerde();
        try {
            Object key = serde == (Object) Serdes.longs() ? Long.valueOf(keyText)
                    : serde.deserialize(keyText.getBytes(StandardCharsets.UTF_8));
            return serde.serialize(key);
        }
        catch (NumberFormatException | SerdeException ex) {
            throw new IllegalArgumentException("'" + keyText + "' is not a key of processor '" + definition.name()
                    + "': " + ex.getMessage(), ex);
        }
    }

    private static JsonNode toJson(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        try {
            return Serdes.defaultJsonMapper().valueToTree(value);
        }
        catch (JacksonException ex) {
            return StringNode.valueOf(String.valueOf(value));
        }
    }

    /** The group member assigned the task's input partition now, or {@code null}. */
    private @Nullable MemberDescription owner(int partition) {
        ProcessorDefinition<?, ?, ?> definition = runtime.definition();
        TributaryConfig config = runtime.config();
        String group = InternalTopics.groupId(config.applicationId(), definition);
        Set<String> inputs = Set.copyOf(definition.repartition()
                ? java.util.List.of(InternalTopics.repartition(config.applicationId(), definition))
                : definition.sources());
        try {
            ConsumerGroupDescription description = admin().describeConsumerGroups(java.util.List.of(group))
                    .describedGroups().get(group).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (MemberDescription member : description.members()) {
                for (TopicPartition assigned : member.assignment().topicPartitions()) {
                    if (assigned.partition() == partition && inputs.contains(assigned.topic())) {
                        return member;
                    }
                }
            }
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the owner of a partition", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("cannot describe consumer group '" + group + "' to find the owner of "
                    + "partition " + partition + ": " + ex, ex);
        }
    }

    /** The instance id inside a member's client id {@code <app>-<processor>-<instance>-<thread>}. */
    static String instanceOf(String clientId, String applicationId, String processor) {
        String prefix = applicationId + "-" + processor + "-";
        int threadSeparator = clientId.lastIndexOf('-');
        if (clientId.startsWith(prefix) && threadSeparator > prefix.length()) {
            return clientId.substring(prefix.length(), threadSeparator);
        }
        return clientId;
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("processor '" + runtime.definition().name() + "' is closed");
        }
        if (admin == null) {
            TributaryConfig config = runtime.config();
            admin = Admin.create(new ClientConfigs(config).admin(config.applicationId() + "-"
                    + runtime.definition().name() + "-" + config.instanceId() + "-queries"));
        }
        return admin;
    }

    synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
