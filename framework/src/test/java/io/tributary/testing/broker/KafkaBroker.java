package io.tributary.testing.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * A running Kafka broker that an integration test talks to, with the client helpers such tests need all the time.
 *
 * <p>One broker serves the whole test JVM (see {@link KafkaBrokerExtension}), so tests isolate themselves by topic:
 * take names from {@link #uniqueTopic(String)} and create them with {@link #createTopic(String, int)}; the broker does
 * not create topics on first use. Transactions work on it (replication factor 1 for the transaction and offsets
 * logs).
 *
 * <p>Thread-safe. The admin client and the plain producer behind the helpers are created on first use, shared, and
 * closed with the broker at the end of the test run; tests never close a {@code KafkaBroker}. The property maps
 * returned are fresh mutable copies for the caller to adjust. Keys and values of the helpers are {@code String}s and
 * may be {@code null} (tombstones).
 */
public final class KafkaBroker {

    /** {@link #kind()} of the in-JVM KRaft broker from spring-kafka-test. */
    public static final String EMBEDDED = "embedded";

    /** {@link #kind()} of the broker in a Testcontainers Docker container. */
    public static final String TESTCONTAINERS = "testcontainers";

    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String kind;
    private final String bootstrapServers;
    private final Object clientsLock = new Object();
    private @Nullable Admin admin;
    private @Nullable KafkaProducer<String, String> producer;
    private boolean closed;

    KafkaBroker(String kind, String bootstrapServers) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    }

    /** The {@code host:port[,host:port]} list clients connect to. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Which broker this is: {@value #EMBEDDED} or {@value #TESTCONTAINERS}. */
    public String kind() {
        return kind;
    }

    /**
     * Returns {@code prefix} followed by a dash and eight random hex digits, a topic name no other test uses.
     *
     * @throws IllegalArgumentException if the prefix is not 1-200 characters of {@code [A-Za-z0-9._-]}
     */
    public String uniqueTopic(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!TOPIC_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix must be 1-200 characters of [A-Za-z0-9._-], got '" + prefix + "'; use e.g. 'orders'");
        }
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates a topic with replication factor 1 and returns once every partition has a leader. A topic that already
     * exists is left as it is.
     */
    public void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "partitions of topic '" + name + "' must be at least 1, got " + partitions);
        }
        Admin client = admin();
        try {
            client.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic '" + name + "' on " + bootstrapServers,
                        ex.getCause());
            }
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException(
                    "Topic '" + name + "' was not created within " + ADMIN_TIMEOUT + " on " + bootstrapServers, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + name + "'", ex);
        }
        Awaitility.await("leaders for every partition of topic '" + name + "'")
                .atMost(ADMIN_TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> allPartitionsLed(client, name));
    }

    /** Takes a {@link #uniqueTopic(String)} name, {@linkplain #createTopic(String, int) creates} it and returns it. */
    public String createUniqueTopic(String prefix, int partitions) {
        String name = uniqueTopic(prefix);
        createTopic(name, partitions);
        return name;
    }

    /**
     * Properties for a plain, idempotent producer of {@code String} keys and values ({@code acks=all}). Add
     * {@code transactional.id} for a transactional one, or use {@link #transactionalProducerProps(String)}.
     */
    public Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return props;
    }

    /** {@link #producerProps()} with the given {@code transactional.id}. */
    public Map<String, Object> transactionalProducerProps(String transactionalId) {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Map<String, Object> props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return props;
    }

    /**
     * Properties for a consumer of {@code String} keys and values in the given group that sees only committed
     * records ({@code isolation.level=read_committed}), starts from the earliest offset when the group has none, and
     * does not commit on its own.
     */
    public Map<String, Object> consumerProps(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /** Properties for an {@link Admin} client of this broker. */
    public Map<String, Object> adminProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /**
     * Sends one record with the shared plain (non-transactional) producer and returns once the broker acknowledged
     * it.
     */
    public RecordMetadata produce(String topic, @Nullable String key, @Nullable String value) {
        return produce(new ProducerRecord<>(topic, key, value));
    }

    /** Like {@link #produce(String, String, String)}, with the record's event time set to {@code timestamp}. */
    public RecordMetadata produce(String topic, @Nullable String key, @Nullable String value, Instant timestamp) {
        return produce(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value));
    }

    /** Sends one record as it is (partition, timestamp and headers included) and waits for the acknowledgement. */
    public RecordMetadata produce(ProducerRecord<String, String> record) {
        return produceAll(List.of(record)).get(0);
    }

    /**
     * Sends the records in order with the shared plain producer and returns once all were acknowledged; records
     * for the same partition keep their order. Fails at once, rather than after a metadata timeout per record, when
     * a record fails to send.
     */
    public List<RecordMetadata> produceAll(List<ProducerRecord<String, String>> records) {
        KafkaProducer<String, String> sender = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> record : records) {
            Future<RecordMetadata> future = sender.send(record);
            if (future.isDone()) {
                // send() returns an already failed future when the topic's metadata never came
                await(future, "producing to topic '" + record.topic() + "' on " + bootstrapServers);
            }
            sent.add(future);
        }
        sender.flush();
        List<RecordMetadata> acknowledged = new ArrayList<>(sent.size());
        for (Future<RecordMetadata> future : sent) {
            acknowledged.add(await(future, "producing to " + bootstrapServers));
        }
        return acknowledged;
    }

    /** Sends {@code (key, value)} pairs to one topic in order, as {@link #produceAll(List)} does. */
    public List<RecordMetadata> produceAll(String topic, List<Map.Entry<String, String>> keyValues) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(keyValues.size());
        for (Map.Entry<String, String> keyValue : keyValues) {
            records.add(new ProducerRecord<>(topic, keyValue.getKey(), keyValue.getValue()));
        }
        return produceAll(records);
    }

    /**
     * Reads committed records of a topic from its beginning until at least {@code expectedCount} were read or the
     * timeout passed, and returns all it read, in order per partition. The caller asserts on the count: fewer than
     * expected means the deadline passed. Records of open or aborted transactions are never returned.
     *
     * <p>Uses a fresh consumer in a throwaway group, so the topic may still be created while it waits.
     */
    public List<ConsumerRecord<String, String>> readAllCommitted(String topic, int expectedCount, Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(throwawayConsumerProps())) {
            consumer.subscribe(List.of(topic));
            while (read.size() < expectedCount) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                consumer.poll(Duration.ofNanos(Math.min(remaining, Duration.ofMillis(200).toNanos())))
                        .forEach(read::add);
            }
        }
        return read;
    }

    /**
     * Reads every committed record of a topic that exists now, up to its last stable offset as of the call, and
     * returns them in order per partition. Unlike {@link #readAllCommitted(String, int, Duration)} this does not
     * wait for records to arrive, so it shows duplicates: call it once the producers under test are done.
     *
     * @throws IllegalStateException if the topic does not exist or the end is not reached within the timeout
     */
    public List<ConsumerRecord<String, String>> readToEnd(String topic, Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(throwawayConsumerProps())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException(
                        "Topic '" + topic + "' does not exist on " + bootstrapServers + "; create it first");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reachedEnd(consumer, end)) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException("Did not reach the end " + end + " of topic '" + topic
                            + "' within " + timeout + "; read " + read.size() + " records");
                }
                consumer.poll(Duration.ofNanos(Math.min(remaining, Duration.ofMillis(200).toNanos())))
                        .forEach(read::add);
            }
        }
        return read;
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + kind + ", " + bootstrapServers + "]";
    }

    /** Closes the shared clients; the broker itself is stopped by its owner, {@link SharedBroker}. */
    void closeClients() {
        synchronized (clientsLock) {
            closed = true;
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
    }

    private Map<String, Object> throwawayConsumerProps() {
        Map<String, Object> props = consumerProps("tributary-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        // The broker holds a fetch with no new data for fetch.max.wait.ms, and close() waits for it: 500 ms by default.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    private static boolean reachedEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partitionEnd : end.entrySet()) {
            if (consumer.position(partitionEnd.getKey()) < partitionEnd.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allPartitionsLed(Admin client, String topic) throws Exception {
        Map<String, TopicDescription> descriptions = client.describeTopics(Set.of(topic))
                .allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Collection<TopicPartitionInfo> partitions = descriptions.get(topic).partitions();
        return !partitions.isEmpty() && partitions.stream().allMatch(partition -> partition.leader() != null);
    }

    private Admin admin() {
        synchronized (clientsLock) {
            checkOpen();
            if (admin == null) {
                admin = Admin.create(adminProps());
            }
            return admin;
        }
    }

    private KafkaProducer<String, String> producer() {
        synchronized (clientsLock) {
            checkOpen();
            if (producer == null) {
                producer = new KafkaProducer<>(producerProps());
            }
            return producer;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is already stopped; it is stopped at the end of the test run");
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Failed " + what, ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Timed out after " + ADMIN_TIMEOUT + " " + what, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted " + what, ex);
        }
    }
}
