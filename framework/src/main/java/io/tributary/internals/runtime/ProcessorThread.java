package io.tributary.internals.runtime;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TributaryConfig;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.StoreMetadata;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreProvider;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread's share of a processor: the poll / process / commit / rebalance loop.
 *
 * <p>Why a loop of its own rather than a Spring Kafka listener container: here one Kafka transaction spans
 * many polls (it commits on an interval, not per batch), carries the state changelog as well as outputs
 * and offsets, and must complete before the local store is written; partitions stay paused while their
 * state restores from the changelog; revocation must commit and close state inside the rebalance
 * callback. A listener container owns none of these steps, so the runtime drives the clients itself, as
 * Kafka Streams does.
 *
 * <p>Exactly-once: inputs are read {@code read_committed}; outputs, dead letters, changelog records and
 * input offsets go in one transaction per commit interval, with the consumer's group metadata so a zombie
 * (an instance that lost its partitions) is fenced by the broker. After any failure of a commit, the
 * transaction is aborted, every task is dropped (its store holds only committed data), and the inputs
 * are rewound to their committed offsets.
 */
final class ProcessorThread<K, V, O> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorThread.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(200);
    private static final Duration RESTORE_POLL_WAIT = Duration.ofMillis(20);

    enum Shutdown { NONE, GRACEFUL, ABANDON }

    private record Restoration(int partition, KeyValueStore store, TopicPartition changelog, long endOffset,
            long from) {
    }

    private record PendingCommit(StreamTask<?, ?, ?> task, StoreBatch batch, Future<RecordMetadata> lastSend) {
    }

    private final String name;
    private final ProcessorDefinition<K, V, O> definition;
    private final TributaryConfig config;
    private final StoreProvider stores;
    private final ProcessorMetrics metrics;
    private final ThreadStatus status;
    private final InstantSource clock;
    private final String changelogTopic;
    private final String repartitionTopic;
    private final List<String> taskInputs;
    private final Set<String> sourceTopicsForwarded;
    private final TaskOptions taskOptions;
    private final boolean exactlyOnce;
    private final long commitIntervalMillis;

    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> restoreConsumer;
    private final ThreadClients clients;
    private final KafkaRecordSink sink;
    private final Repartitioner<K, V> repartitioner;

    private final Map<Integer, StreamTask<K, V, O>> tasks = new HashMap<>();
    private final Map<Integer, Restoration> restoring = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
    private boolean uncommittedWork;
    private long lastCommitMillis;
    private volatile Shutdown shutdown = Shutdown.NONE;

    ProcessorThread(String name, ProcessorDefinition<K, V, O> definition, TributaryConfig config, StoreProvider stores,
            ProcessorMetrics metrics, ThreadStatus status, int threadIndex) {
        this.name = name;
        this.definition = definition;
        this.config = config;
        this.stores = stores;
        this.metrics = metrics;
        this.status = status;
        this.clock = config.clock();
        this.exactlyOnce = config.guarantee() == ProcessingGuarantee.EXACTLY_ONCE;
        this.commitIntervalMillis = config.commitInterval().toMillis();
        this.changelogTopic = InternalTopics.changelog(config.applicationId(), definition);
        this.repartitionTopic = InternalTopics.repartition(config.applicationId(), definition);
        this.taskInputs = definition.repartition() ? List.of(repartitionTopic) : definition.sources();
        this.sourceTopicsForwarded = definition.repartition() ? Set.copyOf(definition.sources()) : Set.of();
        this.taskOptions = new TaskOptions(config.maxDirtyEntries(), config.maxDirtyEntries() * 2,
                config.ttlScanInterval());

        ClientConfigs clientConfigs = new ClientConfigs(config);
        String clientId = config.applicationId() + "-" + definition.name() + "-" + config.instanceId() + "-" + threadIndex;
        this.consumer = new KafkaConsumer<>(clientConfigs.consumer(InternalTopics.groupId(config.applicationId(), definition),
                clientId));
        this.restoreConsumer = new KafkaConsumer<>(clientConfigs.restoreConsumer(clientId + "-restore"));
        Map<String, Object> producerProps = clientConfigs.producer(clientId, clientId);
        this.clients = new ThreadClients(() -> new KafkaProducer<>(producerProps), exactlyOnce);
        Set<String> exactTimestamps = Set.of(changelogTopic, repartitionTopic);
        this.sink = new KafkaRecordSink(clients, metrics, clock, exactTimestamps);
        this.repartitioner = new Repartitioner<>(definition, repartitionTopic, sink, metrics);
    }

    void requestShutdown(Shutdown mode) {
        shutdown = mode;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            List<String> subscription = new ArrayList<>(taskInputs);
            subscription.addAll(sourceTopicsForwarded);
            consumer.subscribe(subscription, new RebalanceListener());
            lastCommitMillis = clock.millis();
            status.running();
            while (shutdown == Shutdown.NONE) {
                runOnce();
            }
        }
        catch (WakeupException ex) {
            if (shutdown == Shutdown.NONE) {
                fail(ex);
            }
        }
        catch (RuntimeException | Error ex) {
            fail(ex);
        }
        finally {
            close();
        }
    }

    private void runOnce() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout());
        }
        catch (WakeupException ex) {
            if (shutdown != Shutdown.NONE) {
                return;
            }
            throw ex;
        }
        try {
            restoreStep();
            process(records);
            onProcessingTime();
            if (clock.millis() - lastCommitMillis >= commitIntervalMillis) {
                commit();
            }
        }
        catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException ex) {
            log.warn("Processor '{}' thread {}: producer fenced or broken ({}); rewinding to the last commit", 
                    definition.name(), name, ex.toString());
            clients.replaceProducer();
            rewindToLastCommit();
        }
        catch (KafkaException ex) {
            if (ex instanceof WakeupException && shutdown != Shutdown.NONE) {
                return;
            }
            log.warn("Processor '{}' thread {}: commit failed ({}); rewinding to the last commit", definition.name(),
                    name, ex.toString());
            clients.abortOrReplace();
            rewindToLastCommit();
        }
    }

    private Duration pollTimeout() {
        if (!restoring.isEmpty()) {
            return Duration.ZERO;
        }
        long now = clock.millis();
        long wait = Math.min(MAX_POLL_WAIT.toMillis(), lastCommitMillis + commitIntervalMillis - now);
        for (StreamTask<K, V, O> task : tasks.values()) {
            long next = task.nextProcessingTimer();
            if (next != Long.MAX_VALUE) {
                wait = Math.min(wait, next - now);
            }
        }
        return Duration.ofMillis(Math.max(0, wait));
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            if (sourceTopicsForwarded.contains(partition.topic())) {
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    repartitioner.forward(record);
                }
            }
            else {
                StreamTask<K, V, O> task = tasks.get(partition.partition());
                if (task == null) {
                    // Fetched before the partition was paused for restoring: read these again later.
                    consumer.seek(partition, batch.get(0).offset());
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    task.process(record);
                }
                if (task.wantsEarlyCommit()) {
                    markProcessed(partition, batch);
                    commit();
                    continue;
                }
            }
            markProcessed(partition, batch);
        }
    }

    private void markProcessed(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> batch) {
        if (!batch.isEmpty()) {
            ConsumerRecord<byte[], byte[]> last = batch.get(batch.size() - 1);
            pendingOffsets.put(partition, new OffsetAndMetadata(last.offset() + 1));
            uncommittedWork = true;
        }
    }

    private void onProcessingTime() {
        for (StreamTask<K, V, O> task : tasks.values()) {
            if (task.onProcessingTime()) {
                uncommittedWork = true;
            }
        }
    }

    /** Commits everything processed since the last commit: changelog, outputs and offsets, atomically. */
    void commit() {
        long now = clock.millis();
        if (!uncommittedWork) {
            lastCommitMillis = now;
            return;
        }
        long started = System.nanoTime();
        List<PendingCommit> pending = new ArrayList<>(tasks.size());
        for (StreamTask<K, V, O> task : tasks.values()) {
            StoreBatch batch = task.prepareCommit();
            Future<RecordMetadata> lastSend = null;
            for (int i = 0; i < batch.size(); i++) {
                lastSend = sink.sendTracked(changelogTopic, task.partition(), batch.key(i), batch.value(i), now, null);
            }
            pending.add(new PendingCommit(task, batch, lastSend));
        }
        if (exactlyOnce) {
            clients.commitTransaction(Map.copyOf(pendingOffsets), consumer.groupMetadata());
            sink.checkSent();
        }
        else {
            clients.producer().flush();
            sink.checkSent();
            consumer.commitSync(Map.copyOf(pendingOffsets));
        }
        for (PendingCommit commit : pending) {
            commit.task().completeCommit(commit.batch(), offsetOf(commit.lastSend()));
        }
        pendingOffsets.clear();
        uncommittedWork = false;
        lastCommitMillis = clock.millis();
        metrics.commits.increment();
        metrics.commitNanos.add(System.nanoTime() - started);
    }

    private static long offsetOf(Future<RecordMetadata> send) {
        if (send == null) {
            return -1;
        }
        try {
            // Already complete: the transaction (or flush) that carried it has succeeded.
            return send.get().offset();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted reading a changelog offset", ex);
        }
        catch (java.util.concurrent.ExecutionException ex) {
            throw new KafkaException("changelog send failed after commit", ex.getCause());
        }
    }

    /** Drops all uncommitted work: tasks closed (stores hold committed data only), inputs rewound. */
    private void rewindToLastCommit() {
        rewindToLastCommit(consumer.assignment());
    }

    private void rewindToLastCommit(Set<TopicPartition> owned) {
        closeAllTasks();
        pendingOffsets.clear();
        uncommittedWork = false;
        sink.reset();
        if (owned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : owned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            }
            else {
                fromStart.add(partition);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        startTasks(owned);
        lastCommitMillis = clock.millis();
    }

    // -- tasks and restoration

    private void startTasks(Collection<TopicPartition> assigned) {
        Set<Integer> partitions = new TreeSet<>();
        for (TopicPartition partition : assigned) {
            if (!sourceTopicsForwarded.contains(partition.topic())) {
                partitions.add(partition.partition());
            }
        }
        partitions.removeIf(partition -> tasks.containsKey(partition) || restoring.containsKey(partition));
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, KeyValueStore> opened = new HashMap<>();
        List<TopicPartition> changelogs = new ArrayList<>();
        for (int partition : partitions) {
            opened.put(partition, stores.open(definition.name(), partition));
            changelogs.add(new TopicPartition(changelogTopic, partition));
        }
        // Assigned first: a read_committed consumer only tracks stable offsets of partitions it holds.
        List<TopicPartition> restoreAssignment = new ArrayList<>(changelogs);
        restoring.values().forEach(restoration -> restoreAssignment.add(restoration.changelog()));
        restoreConsumer.assign(restoreAssignment);
        Map<TopicPartition, Long> ends = restoreConsumer.endOffsets(changelogs);
        for (int partition : partitions) {
            TopicPartition changelog = new TopicPartition(changelogTopic, partition);
            beginRestore(partition, opened.get(partition), changelog, ends.getOrDefault(changelog, 0L));
        }
        assignRestoreConsumer();
        for (int partition : partitions) {
            Restoration restoration = restoring.get(partition);
            if (restoration != null) {
                restoreConsumer.seek(restoration.changelog(), restoration.from());
            }
        }
        if (!restoring.isEmpty()) {
            restoreStep();
        }
    }

    private void beginRestore(int partition, KeyValueStore store, TopicPartition changelog, long end) {
        long from = StoreMetadata.changelogOffset(store) + 1;
        if (from >= end) {
            openTask(partition, store);
            return;
        }
        log.info("Processor '{}' restoring partition {} from changelog offset {} to {}", definition.name(), partition,
                from, end);
        restoring.put(partition, new Restoration(partition, store, changelog, end, from));
        consumer.pause(inputPartitions(partition));
        status.restoring(true);
    }

    private void assignRestoreConsumer() {
        List<TopicPartition> changelogs = new ArrayList<>();
        for (Restoration restoration : restoring.values()) {
            changelogs.add(restoration.changelog());
        }
        restoreConsumer.assign(changelogs);
    }

    private void restoreStep() {
        if (restoring.isEmpty()) {
            return;
        }
        ConsumerRecords<byte[], byte[]> records = restoreConsumer.poll(RESTORE_POLL_WAIT);
        for (TopicPartition changelog : records.partitions()) {
            Restoration restoration = restoring.get(changelog.partition());
            StoreBatch batch = new StoreBatch();
            long last = -1;
            for (ConsumerRecord<byte[], byte[]> record : records.records(changelog)) {
                if (record.value() == null) {
                    batch.delete(record.key());
                }
                else {
                    batch.put(record.key(), record.value());
                }
                last = record.offset();
            }
            if (last >= 0) {
                StoreMetadata.recordChangelogOffset(batch, last);
                restoration.store().write(batch);
                metrics.restoredRecords.add(batch.size() - 1);
            }
        }
        List<Restoration> done = new ArrayList<>();
        for (Restoration restoration : restoring.values()) {
            if (restoreConsumer.position(restoration.changelog()) >= restoration.endOffset()) {
                done.add(restoration);
            }
        }
        for (Restoration restoration : done) {
            restoring.remove(restoration.partition());
            openTask(restoration.partition(), restoration.store());
            consumer.resume(inputPartitions(restoration.partition()));
            log.info("Processor '{}' restored partition {}", definition.name(), restoration.partition());
        }
        if (!done.isEmpty()) {
            assignRestoreConsumer();
        }
        status.restoring(!restoring.isEmpty());
    }

    private void openTask(int partition, KeyValueStore store) {
        StreamTask<K, V, O> task = new StreamTask<>(definition, partition, taskInputs, definition.repartition(), store,
                sink, clock, metrics, taskOptions);
        task.open();
        tasks.put(partition, task);
        status.partitions(tasks.keySet());
    }

    private List<TopicPartition> inputPartitions(int partition) {
        List<TopicPartition> inputs = new ArrayList<>();
        for (String topic : taskInputs) {
            inputs.add(new TopicPartition(topic, partition));
        }
        inputs.retainAll(consumer.assignment());
        return inputs;
    }

    private void closeTasks(Collection<Integer> partitions) {
        for (int partition : partitions) {
            StreamTask<K, V, O> task = tasks.remove(partition);
            if (task != null) {
                task.close();
            }
            Restoration restoration = restoring.remove(partition);
            if (restoration != null) {
                restoration.store().close();
            }
        }
        assignRestoreConsumer();
        status.partitions(tasks.keySet());
        status.restoring(!restoring.isEmpty());
    }

    private void closeAllTasks() {
        closeTasks(new ArrayList<>(union(tasks.keySet(), restoring.keySet())));
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private Set<Integer> taskPartitionsOf(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition partition : partitions) {
            if (taskInputs.contains(partition.topic())) {
                numbers.add(partition.partition());
            }
        }
        return numbers;
    }

    // -- lifecycle

    private void fail(Throwable ex) {
        log.error("Processor '{}' thread {} failed and stopped: {}", definition.name(), name, ex.toString(), ex);
        status.failed(ex);
        shutdown = Shutdown.ABANDON;
    }

    private void close() {
        boolean graceful = shutdown == Shutdown.GRACEFUL;
        if (graceful) {
            try {
                commit();
            }
            catch (RuntimeException ex) {
                log.warn("Processor '{}' thread {}: final commit failed ({}); the work since the last commit will be "
                        + "reprocessed", definition.name(), name, ex.toString());
                clients.abortOrReplace();
            }
        }
        closeAllTasks();
        closeQuietly(() -> consumer.close(graceful ? Duration.ofSeconds(10) : Duration.ZERO));
        closeQuietly(restoreConsumer::close);
        closeQuietly(() -> clients.close(graceful ? Duration.ofSeconds(10) : Duration.ZERO));
        status.stopped();
    }

    private static void closeQuietly(Runnable action) {
        try {
            action.run();
        }
        catch (RuntimeException ex) {
            log.debug("Ignoring failure while closing", ex);
        }
    }

    private final class RebalanceListener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty() || shutdown == Shutdown.ABANDON) {
                // A killed thread leaves its work uncommitted, as a crashed process would.
                return;
            }
            try {
                commit();
            }
            catch (KafkaException ex) {
                log.warn("Processor '{}': commit on revocation failed ({}); dropping uncommitted work",
                        definition.name(), ex.toString());
                clients.abortOrReplace();
                Set<TopicPartition> retained = new HashSet<>(consumer.assignment());
                retained.removeAll(revoked);
                rewindToLastCommit(retained);
                return;
            }
            closeTasks(taskPartitionsOf(revoked));
            pendingOffsets.keySet().removeAll(revoked);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            startTasks(assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            if (shutdown == Shutdown.ABANDON) {
                return;
            }
            log.warn("Processor '{}': partitions lost {}; dropping uncommitted work", definition.name(), lost);
            clients.abortOrReplace();
            pendingOffsets.clear();
            uncommittedWork = false;
            closeAllTasks();
            // Partitions still owned restart from their committed offsets in the next assignment callback.
        }
    }
}
