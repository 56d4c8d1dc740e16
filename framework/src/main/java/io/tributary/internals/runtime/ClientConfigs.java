package io.tributary.internals.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.TributaryConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Derives each Kafka client's properties from the user's (bootstrap servers, security, overrides) and what
 * the runtime needs. User properties apply to every client type that knows them; {@code consumer.},
 * {@code producer.} and {@code admin.} prefixes target one type. A property no client type defines goes to every
 * client: it configures a plugin (an SSL engine factory reading its bundle, a SASL callback handler), which reads it
 * from the client's original configuration. What exactly-once depends on (isolation, idempotence, manual commits,
 * transactional ids) is set last and cannot be overridden.
 */
final class ClientConfigs {

    private static final Set<String> PREFIXES = Set.of("consumer.", "producer.", "admin.");

    private final TributaryConfig config;
    // the fetch cap of processors asking for small fetches: empty off G1
    private final OptionalInt smallFetchBytes;

    ClientConfigs(TributaryConfig config) {
        this(config, FetchSizes.forThisJvm());
    }

    /** With {@code smallFetchBytes} as the cap for small fetches, whatever this JVM's collector. */
    ClientConfigs(TributaryConfig config, OptionalInt smallFetchBytes) {
        this.config = config;
        this.smallFetchBytes = smallFetchBytes;
    }

    /**
     * A group consumer's properties; a static member when {@code groupInstanceId} is given (see {@link
     * GroupMembership}); with fetch responses under half a G1 region by default when {@code smallFetches} (see {@link
     * FetchSizes}).
     */
    Map<String, Object> consumer(String groupId, String clientId, @Nullable String groupInstanceId,
            boolean smallFetches) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        if (smallFetches) {
            smallFetchBytes.ifPresent(bytes -> FetchSizes.cap(props, bytes));
        }
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CoPartitionedAssignor.class.getName());
        props.putAll(filtered(ConsumerConfig.configNames(), "consumer."));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (groupInstanceId != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /** The consumer that replays changelogs: assigned partitions only, no group, committed data only. */
    Map<String, Object> restoreConsumer(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.putAll(filtered(ConsumerConfig.configNames(), "consumer."));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    Map<String, Object> producer(String clientId, String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        // Derived from the commit interval unless the user set it; see TributaryConfig.transactionTimeout().
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, config.transactionTimeout().toMillis()));
        props.putAll(filtered(ProducerConfig.configNames(), "producer."));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (config.guarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        else {
            props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        }
        return props;
    }

    Map<String, Object> admin(String clientId) {
        Map<String, Object> props = new HashMap<>(filtered(AdminClientConfig.configNames(), "admin."));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    private Map<String, Object> filtered(Set<String> known, String prefix) {
        Map<String, Object> props = new HashMap<>();
        config.kafkaProperties().forEach((name, value) -> {
            if (known.contains(name) || isPluginProperty(name)) {
                props.put(name, value);
            }
        });
        config.kafkaProperties().forEach((name, value) -> {
            if (name.startsWith(prefix) && known.contains(name.substring(prefix.length()))) {
                props.put(name.substring(prefix.length()), value);
            }
        });
        return props;
    }

    private static boolean isPluginProperty(String name) {
        return !ConsumerConfig.configNames().contains(name) && !ProducerConfig.configNames().contains(name)
                && !AdminClientConfig.configNames().contains(name)
                && PREFIXES.stream().noneMatch(name::startsWith);
    }
}
