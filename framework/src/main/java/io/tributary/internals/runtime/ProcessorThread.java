package io.tributary.internals.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.TributaryConfig;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.StoreMetadata;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreProvider;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
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
 *
 * <p>Asynchronous work (a function that holds records and finishes them later, see {@code PendingWork}): each
 * turn of the loop first runs the continuations other threads delivered, then feeds the tasks. A task at capacity
 * gets no more input: the rest of its fetched records wait in a backlog and its partitions are paused until the
 * backlog drains, so the thread never blocks and keeps polling within {@code max.poll.interval.ms}. Offsets are
 * committed only up to a task's oldest unfinished record; records in flight at a crash are simply read again.
 * While work is in flight the poll waits briefly, or, when every input is paused, the thread parks until a
 * completion arrives. While a commit running in the background adds its offsets, the thread does not poll at all
 * (see {@link #poll()}) but goes on finishing records and feeding its tasks from their backlogs.
 */
final class ProcessorThread<K, V, O> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorThread.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(200);
    private static final Duration STATUS_SAMPLE_INTERVAL = Duration.ofSeconds(1);
    /**
     * How far back a crash may take a store (its writes skip RocksDB's log): far under the changelog's
     * {@code delete.retention.ms} (a day by default), so the replay from its offset still finds every delete since.
     */
    static final Duration MAX_UNFLUSHED_AGE = Duration.ofMinutes(1);
    private static final Duration RESTORE_POLL_WAIT = Duration.ofMillis(20);
    /** Poll wait while async work is in flight and some input still flows: bounds how late a completion is seen. */
    private static final Duration ASYNC_POLL_WAIT = Duration.ofMillis(1);
    /** How long a graceful shutdown waits for records in flight to finish before its final commit. */
    private static final Duration ASYNC_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How many output records may be held while a commit runs in the background; past it the thread waits for the
     * commit, which may be stalled for up to {@code max.block.ms}, instead of holding more (unbounded, an OOM).
     */
    static final int MAX_HELD_RECORDS = 10_000;

    enum Shutdown { NONE, GRACEFUL, ABANDON }

    private record Restoration(int partition, KeyValueStore store, TopicPartition changelog, long endOffset,
            long from) {
    }

    private record PendingCommit(StreamTask<?, ?, ?> task, StoreBatch batch, Future<RecordMetadata> lastSend) {
    }

    /** What one commit covers: each task's drained state and the input offsets, as of its start. */
    private record CommitSnapshot(List<PendingCommit> tasks, Map<TopicPartition, OffsetAndMetadata> offsets,
            long startedNanos, long startedMillis) {
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
    private final CommitSchedule commitSchedule;

    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> restoreConsumer;
    private final String clientId;
    private final ThreadClients clients;
    private final GroupMembership membership;
    private final @Nullable String groupInstanceId;
    private final KafkaRecordSink sink;
    private final Repartitioner<K, V> repartitioner;

    private final Map<Integer, StreamTask<K, V, O>> tasks = new HashMap<>();
    private final Map<Integer, Restoration> restoring = new HashMap<>();
    /** Per input partition, the offset after the last record given to its task (or forwarded), not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
    /** Fetched records a task at capacity could not take yet; their partitions are paused while they wait. */
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> backlogs = new HashMap<>();
    private final AsyncWakeup asyncWakeup = new AsyncWakeup();
    private final BackgroundCommit backgroundCommit;
    /** The commit running in the background, until the processor thread collects it. */
    private @Nullable CommitSnapshot committing;
    private boolean uncommittedWork;
    private long lastStatusSampleNanos;
    private volatile Shutdown shutdown = Shutdown.NONE;
    /** Set when this thread fails: it closes for good, leaving its group even as a static member. */
    private boolean failed;
    /**
     * Held by this thread whenever it may touch its tasks or stores outside {@code poll} (and inside the rebalance
     * callbacks {@code poll} runs); state queries take the read side. Fair, so a stream of queries cannot starve the
     * loop nor the loop a query. One uncontended acquisition per loop turn, not per record.
     */
    private final ReentrantReadWriteLock storeLock = new ReentrantReadWriteLock(true);
    private final Lock storeAccess = storeLock.writeLock();
    private final Lock storeQueries = storeLock.readLock();

    ProcessorThread(String name, ProcessorDefinition<K, V, O> definition, TributaryConfig config, StoreProvider stores,
            ProcessorMetrics metrics, ThreadStatus status, int threadIndex, InstanceUrls instanceUrls) {
        this.name = name;
        this.definition = definition;
        this.config = config;
        this.stores = stores;
        this.metrics = metrics;
        this.status = status;
        this.clock = config.clock();
        this.exactlyOnce = config.guarantee() == ProcessingGuarantee.EXACTLY_ONCE;
        this.commitSchedule = new CommitSchedule(config.commitInterval().toMillis());
        this.changelogTopic = InternalTopics.changelog(config.applicationId(), definition);
        this.repartitionTopic = InternalTopics.repartition(config.applicationId(), definition);
        this.taskInputs = definition.repartition() ? List.of(repartitionTopic) : definition.sources();
        this.sourceTopicsForwarded = definition.repartition() ? Set.copyOf(definition.sources()) : Set.of();
        this.taskOptions = new TaskOptions(config.maxDirtyEntries(), config.maxDirtyEntries() * 2,
                config.ttlScanInterval(), config.propagatedHeaders());

        ClientConfigs clientConfigs = new ClientConfigs(config);
        String clientId = config.applicationId() + "-" + definition.name() + "-" + config.instanceId() + "-" + threadIndex;
        this.membership = new GroupMembership(config);
        this.groupInstanceId = membership.groupInstanceId(definition.name(), threadIndex);
        Map<String, Object> consumerProps = clientConfigs.consumer(
                InternalTopics.groupId(config.applicationId(), definition), clientId, groupInstanceId,
                definition.smallFetches());
        consumerProps.put(InstanceUrls.CONFIG, instanceUrls);
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.restoreConsumer = new KafkaConsumer<>(clientConfigs.restoreConsumer(clientId + "-restore"));
        this.clientId = clientId;
        config.consumerListeners().forEach(listener -> {
            listener.consumerAdded(clientId, consumer);
            listener.consumerAdded(clientId + "-restore", restoreConsumer);
        });
        Map<String, Object> producerProps = clientConfigs.producer(clientId, clientId);
        this.clients = new ThreadClients(() -> new KafkaProducer<>(producerProps), clientId,
                config.producerListeners(), exactlyOnce);
        Set<String> exactTimestamps = Set.of(changelogTopic, repartitionTopic);
        this.sink = new KafkaRecordSink(clients, metrics, clock, exactTimestamps, MAX_HELD_RECORDS);
        this.repartitioner = new Repartitioner<>(definition, repartitionTopic, sink, metrics);
        this.backgroundCommit = new BackgroundCommit(clientId, asyncWakeup);
    }

    void requestShutdown(Shutdown mode) {
        shutdown = mode;
        consumer.wakeup();
        asyncWakeup.run();
    }

    @Override
    public void run() {
        try {
            List<String> subscription = new ArrayList<>(taskInputs);
            subscription.addAll(sourceTopicsForwarded);
            consumer.subscribe(subscription, new RebalanceListener());
            commitSchedule.restart(clock.millis());
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
            records = poll();
        }
        catch (WakeupException ex) {
            if (shutdown != Shutdown.NONE) {
                return;
            }
            throw ex;
        }
        storeAccess.lock();
        try {
            if (backgroundCommit.done()) {
                finishBackgroundCommit();
            }
            restoreStep();
            waitForCommitIfHoldingFull();
            runCompletions();
            waitForCommitIfHoldingFull();
            feedBacklogs();
            waitForCommitIfHoldingFull();
            process(records);
            onProcessingTime();
            if (!backgroundCommit.running() && commitSchedule.due(clock.millis())) {
                if (commitsInBackground()) {
                    startBackgroundCommit();
                }
                else {
                    commit();
                }
            }
            if (periodicWorkDue()) {
                samplePartitionStatus();
                persistOldWrites();
            }
        }
        catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException ex) {
            log.warn("Processor '{}' thread {}: producer fenced or broken ({}); rewinding to the last commit", 
                    definition.name(), name, ex.toString());
            abandonBackgroundCommit();
            clients.replaceProducer();
            rewindToLastCommit();
        }
        catch (KafkaException ex) {
            if (ex instanceof WakeupException && shutdown != Shutdown.NONE) {
                return;
            }
            rethrowIfFencedInstance(ex);
            log.warn("Processor '{}' thread {}: commit failed ({}); rewinding to the last commit", definition.name(),
                    name, ex.toString());
            abandonBackgroundCommit();
            clients.abortOrReplace();
            rewindToLastCommit();
        }
        finally {
            storeAccess.unlock();
        }
    }

    /**
     * The committed state of the key serialized as {@code keyBytes} in the task of {@code partition}, by state name, or
     * {@code null} when no task of this thread has that partition open (not assigned here, or still restoring). Safe
     * from any thread: it waits until this thread is outside its stores (between loop turns, typically in
     * {@code poll}), so it reads a state as of one commit and never races a write or a close.
     */
    @Nullable Map<String, Object> readCommitted(int partition, byte[] keyBytes) {
        storeQueries.lock();
        try {
            StreamTask<K, V, O> task = tasks.get(partition);
            return task == null ? null : task.readCommitted(keyBytes);
        }
        finally {
            storeQueries.unlock();
        }
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        Duration timeout = pollTimeout();
        if (backgroundCommit.addingOffsets()) {
            // The commit's offsets carry the group metadata read when it started; a poll now could move the group to
            // a new generation and have them refused. So no poll until they are added (the committer wakes this
            // thread then), but completions still wake it, to be handled and their capacity refilled.
            if (!asyncWakeup.signalled() && !timeout.isZero()) {
                asyncWakeup.await(timeout);
            }
            return ConsumerRecords.empty();
        }
        if (timeout.isZero() || !asyncWorkInFlight()) {
            return consumer.poll(timeout);
        }
        if (asyncWakeup.signalled()) {
            return consumer.poll(Duration.ZERO);
        }
        if (consumer.paused().containsAll(consumer.assignment())) {
            // nothing to fetch until a completion frees capacity: park for it rather than poll the full wait
            asyncWakeup.await(timeout);
            return consumer.poll(Duration.ZERO);
        }
        return consumer.poll(timeout.compareTo(ASYNC_POLL_WAIT) < 0 ? timeout : ASYNC_POLL_WAIT);
    }

    private boolean asyncWorkInFlight() {
        for (StreamTask<K, V, O> task : tasks.values()) {
            if (task.inFlight() > 0) {
                return true;
            }
        }
        return false;
    }

    private void runCompletions() {
        asyncWakeup.clear();
        for (StreamTask<K, V, O> task : tasks.values()) {
            if (task.runCompletions()) {
                uncommittedWork = true;
            }
        }
    }

    private Duration pollTimeout() {
        if (!restoring.isEmpty()) {
            return Duration.ZERO;
        }
        long now = clock.millis();
        // a commit running in the background wakes the thread when it ends; the next is due only after it
        long wait = backgroundCommit.running() ? MAX_POLL_WAIT.toMillis()
                : Math.min(MAX_POLL_WAIT.toMillis(), commitSchedule.millisUntilDue(now));
        for (StreamTask<K, V, O> task : tasks.values()) {
            long next = task.nextProcessingTimer();
            if (next != Long.MAX_VALUE) {
                wait = Math.min(wait, next - now);
            }
        }
        return Duration.ofMillis(Math.max(0, wait));
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            processRecords(records);
        }
        finally {
            metrics.processingNanos.add(System.nanoTime() - started);
        }
    }

    /**
     * Whether {@link #STATUS_SAMPLE_INTERVAL} has passed since the status was last sampled and old writes persisted:
     * both cost microseconds, but not every loop.
     */
    private boolean periodicWorkDue() {
        long now = System.nanoTime();
        if (now - lastStatusSampleNanos < STATUS_SAMPLE_INTERVAL.toNanos()) {
            return false;
        }
        lastStatusSampleNanos = now;
        return true;
    }

    /** Starts a flush of each open task's store holding writes older than {@link #MAX_UNFLUSHED_AGE}. */
    private void persistOldWrites() {
        for (StreamTask<K, V, O> task : tasks.values()) {
            task.store().persistOlderThan(MAX_UNFLUSHED_AGE.toNanos());
        }
    }

    /**
     * Publishes each task's watermark, input lag and store size for endpoints and metrics: the lag is the consumer's
     * cached figure and the store sizes RocksDB estimates.
     */
    private void samplePartitionStatus() {
        List<ProcessorStatus.PartitionStatus> sampled = new ArrayList<>(tasks.size());
        for (StreamTask<K, V, O> task : tasks.values()) {
            long lag = 0;
            for (TopicPartition input : inputPartitions(task.partition())) {
                OptionalLong inputLag = consumer.currentLag(input);
                if (inputLag.isEmpty()) {
                    lag = -1;
                    break;
                }
                lag += inputLag.getAsLong();
            }
            long watermark = task.watermark();
            KeyValueStore store = task.store();
            sampled.add(new ProcessorStatus.PartitionStatus(task.partition(),
                    watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark), lag,
                    store.approximateEntries(), store.approximateSizeBytes()));
        }
        status.partitionStatuses(sampled);
    }

    private void processRecords(ConsumerRecords<byte[], byte[]> records) {
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
                ArrayDeque<ConsumerRecord<byte[], byte[]>> backlog = backlogs.get(partition);
                if (backlog != null) {
                    backlog.addAll(batch);
                    continue;
                }
                int given = 0;
                while (given < batch.size() && task.acceptsInput()) {
                    task.process(batch.get(given++));
                    commitIfDue(task, partition, batch.get(given - 1));
                }
                if (given > 0) {
                    markProcessed(partition, batch.get(given - 1));
                }
                if (given < batch.size()) {
                    backlogs.put(partition, new ArrayDeque<>(batch.subList(given, batch.size())));
                    consumer.pause(List.of(partition));
                }
                if (task.wantsEarlyCommit()) {
                    commit();
                }
                continue;
            }
            markProcessed(partition, batch.get(batch.size() - 1));
        }
    }

    /** Gives waiting records to tasks that have capacity again; resumes a partition once its backlog is empty. */
    private void feedBacklogs() {
        Iterator<Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>>> entries =
                backlogs.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> entry = entries.next();
            StreamTask<K, V, O> task = tasks.get(entry.getKey().partition());
            ArrayDeque<ConsumerRecord<byte[], byte[]>> backlog = entry.getValue();
            ConsumerRecord<byte[], byte[]> last = null;
            while (!backlog.isEmpty() && task.acceptsInput()) {
                last = backlog.pollFirst();
                task.process(last);
                commitIfDue(task, entry.getKey(), last);
            }
            if (last != null) {
                markProcessed(entry.getKey(), last);
            }
            if (backlog.isEmpty()) {
                entries.remove();
                consumer.resume(List.of(entry.getKey()));
            }
        }
    }

    private void dropBacklogs(int partition) {
        for (String topic : taskInputs) {
            TopicPartition input = new TopicPartition(topic, partition);
            if (backlogs.remove(input) != null && consumer.assignment().contains(input)) {
                consumer.resume(List.of(input));
            }
        }
    }

    /**
     * Commits mid-batch once the commit interval has passed, so a slow function (a blocking call per record) does
     * not hold a poll's whole batch, and the transaction with it, past the interval. One clock read per record.
     * Not while the task holds records in flight: an async task only starts work per record, its feeding is bounded
     * by its capacity, and a commit in the middle of it (the thread blocks on the commit for milliseconds) would leave
     * the rest of its free capacity idle for that long; the commit of the loop turn follows right after the feeding.
     */
    private void commitIfDue(StreamTask<K, V, O> task, TopicPartition partition, ConsumerRecord<byte[], byte[]> last) {
        // not while a background commit runs: this one would wait for it and then follow it at once
        if (task.inFlight() == 0 && !backgroundCommit.running() && commitSchedule.due(clock.millis())) {
            markProcessed(partition, last);
            commit();
        }
    }

    private void markProcessed(TopicPartition partition, ConsumerRecord<byte[], byte[]> last) {
        pendingOffsets.put(partition, new OffsetAndMetadata(last.offset() + 1));
        uncommittedWork = true;
    }

    /**
     * The offsets to commit: after the last record given to each task, or, for a task with asynchronous work in
     * flight, at its oldest unfinished record.
     */
    private Map<TopicPartition, OffsetAndMetadata> committableOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pendingOffsets);
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            TopicPartition partition = entry.getKey();
            StreamTask<K, V, O> task = taskInputs.contains(partition.topic()) ? tasks.get(partition.partition()) : null;
            if (task != null && task.inFlight() > 0) {
                entry.setValue(new OffsetAndMetadata(task.committableOffset(partition.topic(), entry.getValue().offset())));
            }
        }
        return offsets;
    }

    private void onProcessingTime() {
        for (StreamTask<K, V, O> task : tasks.values()) {
            if (task.onProcessingTime()) {
                uncommittedWork = true;
            }
        }
    }

    /**
     * Commits everything processed since the last commit: changelog, outputs and offsets, atomically. A commit
     * running in the background is collected first.
     */
    void commit() {
        finishBackgroundCommit();
        long now = clock.millis();
        if (!uncommittedWork) {
            commitSchedule.restart(now);
            return;
        }
        CommitSnapshot snapshot = snapshot(now);
        if (exactlyOnce) {
            clients.commitTransaction(snapshot.offsets(), consumer.groupMetadata());
            sink.checkSent();
        }
        else {
            clients.producer().flush();
            sink.checkSent();
            consumer.commitSync(snapshot.offsets());
        }
        uncommittedWork = false;
        completeCommit(snapshot);
        commitSchedule.committedInline(clock.millis());
    }

    /**
     * Whether the interval's commit may run in the background: exactly-once (the producer, which is thread-safe,
     * commits the offsets; the consumer never leaves this thread), and every task finishes records asynchronously
     * and keeps no state, so nothing it reads lives in a store that the commit has yet to write.
     */
    private boolean commitsInBackground() {
        if (!exactlyOnce || tasks.isEmpty() || !restoring.isEmpty()) {
            return false;
        }
        for (StreamTask<K, V, O> task : tasks.values()) {
            if (!task.asyncWithoutState()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts the commit of everything processed so far on the committer thread: the offsets, with the group metadata
     * read here and now, then {@code commitTransaction}. Both block for a broker round trip; meanwhile this thread
     * goes on finishing records and feeding its tasks, without polling until the offsets are added (see
     * {@link #poll()}). What the tasks send is held (up to {@link #MAX_HELD_RECORDS}) and goes into the next
     * transaction, with the offsets of the records it came from.
     */
    private void startBackgroundCommit() {
        long now = clock.millis();
        if (!uncommittedWork) {
            commitSchedule.restart(now);
            return;
        }
        CommitSnapshot snapshot = snapshot(now);
        // the group's current generation: this thread does not poll until the offsets carrying it are added
        ConsumerGroupMetadata group = consumer.groupMetadata();
        uncommittedWork = false;
        sink.holdSends();
        committing = snapshot;
        backgroundCommit.start(() -> clients.sendOffsets(snapshot.offsets(), group), () -> {
            clients.commitOffsetsSent();
            sink.checkSent();
        });
    }

    /** Waits for the commit running in the background, if any, completes it and sends what was held meanwhile. */
    private void finishBackgroundCommit() {
        CommitSnapshot snapshot = committing;
        if (snapshot == null) {
            return;
        }
        committing = null;
        backgroundCommit.await();
        completeCommit(snapshot);
        commitSchedule.committedInBackground(snapshot.startedMillis(), clock.millis());
        sink.releaseHeld();
    }

    /**
     * Waits for the commit running in the background once the records held meanwhile reach their bound: no more
     * input is taken nor work finished until it ends, so a stalled commit cannot fill the heap.
     */
    private void waitForCommitIfHoldingFull() {
        if (committing != null && sink.holdingFull()) {
            finishBackgroundCommit();
        }
    }

    /** Waits for a commit running in the background to end, however it ends: the caller rolls back. */
    private void abandonBackgroundCommit() {
        committing = null;
        backgroundCommit.abandon();
    }

    /** Drains each task's state and sends it to the changelog, and takes the committable offsets. */
    private CommitSnapshot snapshot(long now) {
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
        return new CommitSnapshot(pending, committableOffsets(), started, now);
    }

    /** After the transaction committed: writes each task's batch to its store and forgets the committed offsets. */
    private void completeCommit(CommitSnapshot snapshot) {
        for (PendingCommit commit : snapshot.tasks()) {
            commit.task().completeCommit(commit.batch(), offsetOf(commit.lastSend()));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = snapshot.offsets();
        // a partition whose records are still in flight keeps its entry: it commits further as they finish
        pendingOffsets.entrySet().removeIf(entry -> entry.getValue().equals(offsets.get(entry.getKey())));
        metrics.commits.increment();
        metrics.commitNanos.add(System.nanoTime() - snapshot.startedNanos());
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
        abandonBackgroundCommit();
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
        commitSchedule.restart(clock.millis());
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
        long remaining = 0;
        for (Restoration restoration : restoring.values()) {
            long position = restoreConsumer.position(restoration.changelog());
            if (position >= restoration.endOffset()) {
                done.add(restoration);
            }
            else {
                remaining += restoration.endOffset() - position;
            }
        }
        status.restoreRemaining(remaining);
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
        task.onCompletionReady(asyncWakeup);
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
            dropBacklogs(partition);
            Restoration restoration = restoring.remove(partition);
            if (restoration != null) {
                restoration.store().close();
            }
        }
        assignRestoreConsumer();
        status.partitions(tasks.keySet());
        status.restoring(!restoring.isEmpty());
        lastStatusSampleNanos = System.nanoTime() - STATUS_SAMPLE_INTERVAL.toNanos(); // resample at once
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

    /**
     * Rethrows {@code ex} when it, or what it wraps, says another consumer took this one's {@code group.instance.id}:
     * fatal, as a rewind and retry would only be fenced again, so the thread fails at once with {@link #fail}'s
     * message naming the shared instance id instead of logging "commit failed" first.
     */
    static void rethrowIfFencedInstance(KafkaException ex) {
        if (fencedInstance(ex)) {
            throw ex;
        }
    }

    private static boolean fencedInstance(KafkaException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }

    private void fail(Throwable ex) {
        boolean fenced = ex instanceof KafkaException kafka && fencedInstance(kafka);
        if (fenced) {
            ex = new IllegalStateException("Processor '" + definition.name() + "' thread " + name + ": another consumer "
                    + "joined the group with this one's group.instance.id '" + groupInstanceId + "', so two live "
                    + "instances share tributary.instance-id '" + config.instanceId() + "'; give each instance its own "
                    + "(unset, each state directory keeps a generated one)", ex);
        }
        log.error("Processor '{}' thread {} failed and stopped: {}", definition.name(), name, ex.toString(), ex);
        status.failed(ex);
        // fenced: the group.instance.id belongs to the consumer that fenced this one, so only it may leave with it
        failed = !fenced;
        shutdown = Shutdown.ABANDON;
    }

    private void close() {
        storeAccess.lock();
        try {
            closeClientsAndTasks();
        }
        finally {
            storeAccess.unlock();
        }
    }

    private void closeClientsAndTasks() {
        boolean graceful = shutdown == Shutdown.GRACEFUL;
        if (graceful) {
            try {
                drainInFlight();
                commit();
            }
            catch (RuntimeException ex) {
                log.warn("Processor '{}' thread {}: final commit failed ({}); the work since the last commit will be "
                        + "reprocessed", definition.name(), name, ex.toString());
                abandonBackgroundCommit();
                clients.abortOrReplace();
            }
        }
        abandonBackgroundCommit();
        backgroundCommit.close();
        closeAllTasks();
        config.consumerListeners().forEach(listener -> {
            listener.consumerRemoved(clientId, consumer);
            listener.consumerRemoved(clientId + "-restore", restoreConsumer);
        });
        GroupMembership.Close closing = graceful ? GroupMembership.Close.GRACEFUL
                : failed ? GroupMembership.Close.FAILED : GroupMembership.Close.KILLED;
        // a failed thread leaving the group is a request to the coordinator: give it a moment, as a graceful close
        closeQuietly(() -> consumer.close(membership.closeOptions(closing,
                closing == GroupMembership.Close.KILLED ? Duration.ZERO : Duration.ofSeconds(10))));
        closeQuietly(restoreConsumer::close);
        closeQuietly(() -> clients.close(graceful ? Duration.ofSeconds(10) : Duration.ZERO));
        status.stopped();
    }

    /** Lets records in flight finish, up to a bound, so a graceful shutdown commits them instead of repeating them. */
    private void drainInFlight() {
        long deadline = System.nanoTime() + ASYNC_DRAIN_TIMEOUT.toNanos();
        while (asyncWorkInFlight()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                log.info("Processor '{}' thread {}: records still in flight after {}; they will be processed again",
                        definition.name(), name, ASYNC_DRAIN_TIMEOUT);
                return;
            }
            asyncWakeup.await(Duration.ofNanos(remaining));
            runCompletions();
        }
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
            storeAccess.lock();
            try {
                onPartitionsRevokedLocked(revoked);
            }
            finally {
                storeAccess.unlock();
            }
        }

        private void onPartitionsRevokedLocked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty() || shutdown == Shutdown.ABANDON) {
                // A killed thread leaves its work uncommitted, as a crashed process would.
                return;
            }
            try {
                commit();
            }
            catch (KafkaException ex) {
                rethrowIfFencedInstance(ex);
                log.warn("Processor '{}': commit on revocation failed ({}); dropping uncommitted work",
                        definition.name(), ex.toString());
                abandonBackgroundCommit();
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
            storeAccess.lock();
            try {
                onPartitionsAssignedLocked(assigned);
            }
            finally {
                storeAccess.unlock();
            }
        }

        private void onPartitionsAssignedLocked(Collection<TopicPartition> assigned) {
            startTasks(assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            storeAccess.lock();
            try {
                onPartitionsLostLocked(lost);
            }
            finally {
                storeAccess.unlock();
            }
        }

        private void onPartitionsLostLocked(Collection<TopicPartition> lost) {
            if (shutdown == Shutdown.ABANDON) {
                return;
            }
            log.warn("Processor '{}': partitions lost {}; dropping uncommitted work", definition.name(), lost);
            abandonBackgroundCommit();
            sink.reset();
            clients.abortOrReplace();
            pendingOffsets.clear();
            uncommittedWork = false;
            closeAllTasks();
            // Partitions still owned restart from their committed offsets in the next assignment callback.
        }
    }
}
