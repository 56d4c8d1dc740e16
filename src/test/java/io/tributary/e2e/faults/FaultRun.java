package io.tributary.e2e.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * One scenario's world: a fresh broker process with the contract's topics (4 partitions each), the sample's instances
 * running some of its pipelines, the feed, and a {@code read_committed} probe of the first pipeline's output that tells
 * when results flow, so faults are placed after a random amount of progress and recovery is timed from a fault to the
 * next committed result.
 */
final class FaultRun implements AutoCloseable {

    /** The windowed pipelines: dedup first, its output the probe's. */
    static final Pipelines WINDOWED = new Pipelines("dedup,tumbling,sliding", ContractCheck.DEDUP,
            Map.of("stock-ticker-dedup", ContractCheck.INPUT, "stock-ticker-tumbling", ContractCheck.DEDUP,
                    "stock-ticker-sliding", ContractCheck.DEDUP));
    /** The enrich pipeline alone. */
    static final Pipelines ENRICH = new Pipelines("enrich", EnrichCheck.ENRICHED,
            Map.of("stock-ticker-enrich", ContractCheck.INPUT));

    /**
     * Which of the sample's pipelines run ({@code ticker.pipelines}), the output the probe reads, and the consumer
     * groups ({@code <spring.application.name>-<processor>}) with the topic each reads.
     */
    record Pipelines(String names, String probed, Map<String, String> groups) {
    }

    /** The setting of the instances' consumer session timeout, up to its value; 6 s unless a scenario sets it. */
    static final String SESSION_TIMEOUT = "--spring.kafka.properties.consumer.session.timeout.ms=";

    private final Pipelines pipelines;

    final BrokerProcess broker;
    final Path dir;
    private final Path jar;
    private final List<String> settings;
    final Map<String, TickerInstance> instances = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> probe;
    private long committedResults;
    private final Map<Integer, Long> latest = new HashMap<>();
    TickFeed feed;

    FaultRun(Path dir, Path script, String kafkaClasspath, Path jar, Pipelines pipelines, List<String> extraSettings)
            throws IOException {
        this.dir = dir;
        this.pipelines = pipelines;
        this.jar = jar;
        this.broker = BrokerProcess.start(script, dir.resolve("broker"), kafkaClasspath);
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(ContractCheck.INPUT, TickFeed.PARTITIONS, (short) 1));
            ContractCheck.OUTPUTS.forEach(t -> topics.add(new NewTopic(t, TickFeed.PARTITIONS, (short) 1)));
            List.of(EnrichCheck.ENRICHED, EnrichCheck.FAILURES)
                    .forEach(t -> topics.add(new NewTopic(t, TickFeed.PARTITIONS, (short) 1)));
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            // nothing is produced to a partition the broker has yet to lead (see TickFeed on KAFKA-15591)
            List<String> names = topics.stream().map(NewTopic::name).toList();
            await("leaders of " + names).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                            .flatMap(topic -> topic.partitions().stream()).allMatch(p -> p.leader() != null));
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot create the contract's topics", ex);
        }
        List<String> all = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.kafka.properties.consumer.heartbeat.interval.ms=1000",
                "--ticker.pipelines=" + pipelines.names()));
        if (extraSettings.stream().noneMatch(setting -> setting.startsWith(SESSION_TIMEOUT))) {
            // a crashed instance's partitions move after 6 s instead of the default 45 s
            all.add(SESSION_TIMEOUT + "6000");
        }
        all.addAll(extraSettings);
        this.settings = all;
        this.probe = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> probed = new ArrayList<>();
        for (int p = 0; p < TickFeed.PARTITIONS; p++) {
            probed.add(new TopicPartition(pipelines.probed(), p));
        }
        probe.assign(probed);
        probe.seekToBeginning(probed);
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    TickerInstance start(String id) throws IOException {
        TickerInstance instance = TickerInstance.start(jar, id, dir.resolve(id), settings);
        instances.put(id, instance);
        return instance;
    }

    TickFeed feed(long seed, long recordsPerSecond) {
        feed = new TickFeed(broker.bootstrapServers(), seed, recordsPerSecond);
        return feed;
    }

    /** Committed results of the probed output read so far (polls the probe once). */
    long committedResults() {
        probe.poll(Duration.ofMillis(200)).forEach(r -> {
            committedResults++;
            latest.merge(r.partition(), r.offset(), Math::max);
        });
        return committedResults;
    }

    /** Waits until {@code more} further results are committed; returns the time it took. */
    Duration awaitProgress(long more, Duration atMost) {
        long target = committedResults() + more;
        long started = System.nanoTime();
        await("another " + more + " committed results on " + pipelines.probed()).atMost(atMost).pollInterval(Duration.ZERO)
                .until(() -> committedResults() >= target);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Where committed results end now (the last stable offsets of the probed output): taken at a fault, so
     * that {@link #awaitResultsAfter} waits for a result committed after it, not for one the probe had yet to read.
     */
    Map<Integer, Long> committedEnd() {
        Map<Integer, Long> end = new HashMap<>();
        probe.endOffsets(probe.assignment(), Duration.ofSeconds(60)).forEach((tp, offset) -> end.put(tp.partition(),
                offset));
        return end;
    }

    /** Waits until a result is committed beyond {@code end} in any partition; returns the time since {@code since}. */
    Duration awaitResultsAfter(Map<Integer, Long> end, long since, Duration atMost) {
        await("a result committed after the fault").atMost(atMost).pollInterval(Duration.ZERO).until(() -> {
            committedResults();
            return end.entrySet().stream().anyMatch(e -> latest.getOrDefault(e.getKey(), -1L) >= e.getValue());
        });
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /** Waits until every running instance reports UP on its actuator health endpoint. */
    void awaitHealthy(Duration atMost) {
        await("all instances UP").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> instances.values().stream().filter(TickerInstance::alive)
                        .allMatch(i -> "UP".equals(i.health())));
    }

    /**
     * The partitions a processor has not consumed and committed to the end of (stalled): some committed record lies at
     * or after the group's committed offset. Read with {@code read_committed}, since a transactional topic ends with
     * markers and aborted batches that a caught-up group's position may or may not have passed.
     */
    List<String> stalledPartitions() throws Exception {
        List<String> stalled = new ArrayList<>();
        try (Admin admin = admin(); KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (Map.Entry<String, String> group : pipelines.groups().entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                for (int p = 0; p < TickFeed.PARTITIONS; p++) {
                    TopicPartition partition = new TopicPartition(group.getValue(), p);
                    OffsetAndMetadata at = committed.get(partition);
                    long position = at == null ? 0 : at.offset();
                    reader.assign(List.of(partition));
                    reader.seek(partition, position);
                    long end = reader.endOffsets(List.of(partition)).get(partition);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    int pending = 0;
                    while (pending == 0 && reader.position(partition) < end && System.nanoTime() < deadline) {
                        pending = reader.poll(Duration.ofMillis(200)).count();
                    }
                    if (pending > 0 || reader.position(partition) < end) {
                        stalled.add(group.getKey() + " on " + partition + " committed " + position + ", end " + end);
                    }
                }
            }
        }
        return stalled;
    }

    @Override
    public void close() throws Exception {
        if (feed != null) {
            feed.close();
        }
        probe.close(Duration.ofSeconds(5));
        for (TickerInstance instance : instances.values()) {
            instance.kill();
        }
        broker.close();
    }
}
