package io.tributary.internals.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.ProcessorStatus;
import io.tributary.api.StateQueryResult;
import io.tributary.api.TributaryConfig;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.state.StoreProvider;
import org.jspecify.annotations.Nullable;

/** The running threads of one processor on this instance, and their combined status. */
public final class ProcessorRuntime {

    private final ProcessorDefinition<?, ?, ?> definition;
    private final TributaryConfig config;
    private final StoreProvider stores;
    private final ProcessorMetrics metrics = new ProcessorMetrics();
    private final List<ProcessorThread<?, ?, ?>> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ThreadStatus> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int tasks;
    private final StateQueries queries = new StateQueries(this);
    private final InstanceUrls instanceUrls;

    public ProcessorRuntime(ProcessorDefinition<?, ?, ?> definition, TributaryConfig config, StoreProvider stores) {
        this.definition = definition;
        this.config = config;
        this.stores = stores;
        this.instanceUrls = new InstanceUrls(config.instanceId(),
                config.advertisedUrl() == null ? null : config.advertisedUrl().toString());
    }

    /** The advertised URLs of the instances in this processor's group, as its last rebalance told them. */
    InstanceUrls instanceUrls() {
        return instanceUrls;
    }

    /** Creates the processor's topics (if missing) and starts its threads. */
    public void start() {
        ClientConfigs clientConfigs = new ClientConfigs(config);
        tasks = new TopicProvisioner(config, clientConfigs).provision(definition);
        for (int i = 0; i < config.threadsPerProcessor(); i++) {
            ThreadStatus status = new ThreadStatus();
            String threadName = "tributary-" + definition.name() + "-" + i;
            ProcessorThread<?, ?, ?> worker = new ProcessorThread<>(threadName, definition, config, stores, metrics, status, i,
                    instanceUrls);
            Thread thread = new Thread(worker, threadName);
            thread.setDaemon(false);
            workers.add(worker);
            statuses.add(status);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Commits in-flight work and stops, waiting up to {@code timeout}. */
    public void close(Duration timeout) {
        stop(ProcessorThread.Shutdown.GRACEFUL, timeout);
    }

    /** Stops at once without committing, as a crash would. */
    public void kill() {
        stop(ProcessorThread.Shutdown.ABANDON, Duration.ofSeconds(30));
    }

    /**
     * The threads of this processor still running: after {@link #close} or {@link #kill}, those that did not finish
     * within the timeout (a function blocked, say), which may still touch their stores.
     */
    public List<Thread> liveThreads() {
        List<Thread> live = new ArrayList<>();
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                live.add(thread);
            }
        }
        return live;
    }

    /** Answers a read-only query of the key written as {@code keyText}; see {@link StateQueries}. */
    public StateQueryResult queryState(String keyText) {
        return queries.query(keyText);
    }

    private void stop(ProcessorThread.Shutdown mode, Duration timeout) {
        queries.close();
        workers.forEach(worker -> worker.requestShutdown(mode));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public ProcessorDefinition<?, ?, ?> definition() {
        return definition;
    }

    public ProcessorMetrics metrics() {
        return metrics;
    }

    TributaryConfig config() {
        return config;
    }

    /** Each thread's committed state of a key in {@code partition}; see {@link ProcessorThread#readCommitted}. */
    @Nullable Map<String, Object> readCommitted(int partition, byte[] keyBytes) {
        for (ProcessorThread<?, ?, ?> worker : workers) {
            Map<String, Object> states = worker.readCommitted(partition, keyBytes);
            if (states != null) {
                return states;
            }
        }
        return null;
    }

    public int taskCount() {
        return tasks;
    }

    /** Partitions whose tasks run on this instance. */
    public Set<Integer> assignedPartitions() {
        Set<Integer> all = new TreeSet<>();
        statuses.forEach(status -> all.addAll(status.partitions()));
        return all;
    }

    /** The last sampled state of each partition whose task runs on this instance. */
    public List<ProcessorStatus.PartitionStatus> partitionStatuses() {
        List<ProcessorStatus.PartitionStatus> all = new ArrayList<>();
        statuses.forEach(status -> all.addAll(status.partitionStatuses()));
        return all;
    }

    /**
     * Changelog offsets still to replay into the stores restoring on this instance (records, plus the transaction
     * markers among them), as of each thread's last restore step; 0 when none restores.
     */
    public long restoreRemaining() {
        return statuses.stream().mapToLong(ThreadStatus::restoreRemaining).sum();
    }

    public boolean restoring() {
        return statuses.stream().anyMatch(ThreadStatus::restoring);
    }

    public boolean running() {
        return !statuses.isEmpty() && statuses.stream().allMatch(status -> status.phase() == ThreadStatus.Phase.RUNNING);
    }

    /** The failure that stopped a thread, or {@code null}. */
    public @Nullable Throwable failure() {
        return statuses.stream().map(ThreadStatus::failure).filter(f -> f != null).findFirst().orElse(null);
    }
}
