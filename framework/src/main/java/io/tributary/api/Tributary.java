package io.tributary.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.tributary.internals.runtime.ProcessorRuntime;
import io.tributary.internals.runtime.StateDirectoryLock;
import io.tributary.internals.state.StoreProvider;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tributary runtime instance: runs registered processors against Kafka until closed. Start more
 * instances with the same application id (and distinct instance ids) to scale out; partitions, and the
 * state that goes with them, spread across instances as Kafka assigns them.
 *
 * <p>While it lives, a runtime that {@linkplain TributaryConfig#usesStateDir() uses its state directory} holds an
 * exclusive lock on {@code <state-dir>/<application-id>}, so a second instance on the same directory, in this process
 * or another, fails to be created instead of sharing its instance id and stores.
 *
 * <p>Thread-safe. {@link #close(Duration)} commits in-flight work and releases every resource, including
 * the state stores (their data stays on disk for the next start) and the directory's lock.
 */
public final class Tributary implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Tributary.class);

    private final TributaryConfig config;
    private final Map<String, ProcessorRuntime> processors = new LinkedHashMap<>();
    private final StoreProvider stores;
    private final @Nullable StateDirectoryLock stateLock;
    private boolean started;
    private boolean closed;

    private Tributary(TributaryConfig config, List<ProcessorDefinition<?, ?, ?>> definitions) {
        this.config = config;
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (ProcessorDefinition<?, ?, ?> definition : definitions) {
            if (!names.add(definition.name())) {
                throw new IllegalArgumentException("two processors are named '" + definition.name()
                        + "'; processor names must be unique within an application");
            }
        }
        for (String overridden : config.processorOverrides().keySet()) {
            if (!names.contains(overridden)) {
                throw new IllegalArgumentException("tributary.processors." + overridden + " names no processor of "
                        + "this application (its processors: " + names + "); correct the name or remove the entry");
            }
        }
        // Validated first: the lock and a provider's native memory are held from their creation.
        Path directory = config.stateDir().resolve(config.applicationId());
        this.stateLock = config.usesStateDir() ? lock(directory) : null;
        StoreProvider provider = null;
        try {
            provider = config.stateBackend() == StateBackend.ROCKSDB
                    ? new RocksDbStoreProvider(directory, config.rocksDb())
                    : new InMemoryStoreProvider();
            // inside the try: a processor that cannot be created must not leave the directory locked
            for (ProcessorDefinition<?, ?, ?> definition : definitions) {
                TributaryConfig processorConfig = config.forProcessor(definition.name());
                ProcessorOverrides overrides = config.processorOverrides().get(definition.name());
                if (overrides == null || overrides.enabled()) {
                    processors.put(definition.name(), new ProcessorRuntime(definition, processorConfig, provider));
                }
            }
        }
        catch (RuntimeException | Error ex) {
            try {
                if (provider != null) {
                    provider.close();
                }
            }
            finally {
                releaseStateDir();
            }
            throw ex;
        }
        this.stores = provider;
    }

    private static StateDirectoryLock lock(Path directory) {
        try {
            return StateDirectoryLock.acquire(directory);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot lock the state directory " + directory + " (" + ex
                    + "); make tributary.state-dir a writable directory", ex);
        }
    }

    /**
     * Creates (but does not start) a runtime for {@code definitions}.
     *
     * @throws IllegalStateException when another running instance holds the same state directory
     */
    public static Tributary create(TributaryConfig config, List<? extends ProcessorDefinition<?, ?, ?>> definitions) {
        Objects.requireNonNull(config, "config");
        return new Tributary(config, new ArrayList<>(definitions));
    }

    /**
     * Creates topics that are missing and starts every processor. When that fails, the processors already started
     * are stopped without committing and every resource is released, as by {@link #kill()}.
     */
    public synchronized Tributary start() {
        if (started) {
            throw new IllegalStateException("this Tributary instance was already started");
        }
        started = true;
        try {
            processors.values().forEach(ProcessorRuntime::start);
        }
        // an Error too (a thread that cannot be created): the processors started before it must not run on unowned
        catch (RuntimeException | Error ex) {
            kill();
            throw ex;
        }
        return this;
    }

    /** Commits in-flight work, stops all processors and releases resources, waiting up to {@code timeout}. */
    public synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            processors.values().forEach(processor -> processor.close(timeout));
        }
        finally {
            releaseWhenStopped();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops every processor at once without committing, leaving open transactions to be aborted, as a
     * crash would. For fault-injection tests.
     */
    public synchronized void kill() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            processors.values().forEach(ProcessorRuntime::kill);
        }
        finally {
            releaseWhenStopped();
        }
    }

    /**
     * Closes the stores and releases the state directory once every processor thread has exited: at once when all
     * have, otherwise (a thread that outlived the close timeout, e.g. blocked in a function) when the last one does,
     * on a thread of its own. A live thread may still write its stores, and a second instance on the directory
     * would open the same RocksDB files under it.
     */
    private void releaseWhenStopped() {
        List<Thread> live = new ArrayList<>();
        processors.values().forEach(processor -> live.addAll(processor.liveThreads()));
        if (live.isEmpty()) {
            closeStoresAndReleaseStateDir();
            return;
        }
        List<String> names = live.stream().map(Thread::getName).toList();
        log.warn("Processor threads {} did not stop in time; the stores stay open and the state directory locked "
                + "until they do", names);
        Thread releaser = new Thread(() -> {
            for (Thread thread : live) {
                joinUninterruptibly(thread);
            }
            log.info("Processor threads {} stopped; closing the stores and releasing the state directory", names);
            closeStoresAndReleaseStateDir();
        }, "tributary-" + config.applicationId() + "-release");
        releaser.setDaemon(true);
        releaser.start();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeStoresAndReleaseStateDir() {
        try {
            stores.close();
        }
        finally {
            releaseStateDir();
        }
    }

    private void releaseStateDir() {
        if (stateLock != null) {
            stateLock.close();
        }
    }

    public TributaryConfig config() {
        return config;
    }

    /**
     * Queries, read-only, the state of one key of the processor {@code processor}: found here (read-committed, see
     * {@link StateQueryResult}), absent here, or owned by another instance (named, with its host). The key is written
     * as text: decimal for a {@code Serdes.longs()} key, otherwise its UTF-8 bytes as the key serde reads them (a
     * string key as it is, a JSON key as JSON). Safe from any thread; waits at most for the processor's thread to
     * finish one loop turn, plus, for a key owned elsewhere, one request to the broker.
     *
     * @throws IllegalArgumentException if there is no such processor, or the text is not a key of it
     * @throws IllegalStateException if the runtime is not running, or the broker cannot be asked for the owner
     */
    public StateQueryResult queryState(String processor, String key) {
        Objects.requireNonNull(key, "key");
        ProcessorRuntime runtime = processors.get(processor);
        if (runtime == null) {
            throw new IllegalArgumentException("no processor named '" + processor + "'; this application runs "
                    + processors.keySet());
        }
        synchronized (this) {
            if (!started || closed) {
                throw new IllegalStateException("this Tributary instance is not running");
            }
        }
        return runtime.queryState(key);
    }

    /** Status of each processor, by name. */
    public Map<String, ProcessorStatus> status() {
        Map<String, ProcessorStatus> status = new LinkedHashMap<>();
        processors.forEach((name, runtime) -> status.put(name, ProcessorStatus.of(runtime)));
        return Collections.unmodifiableMap(status);
    }
}
