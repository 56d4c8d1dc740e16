package io.tributary.internals.runtime;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one processor thread's transaction commits, one at a time, on a thread of their own. Exists for
 * asynchronous work: a commit blocks for two broker round trips (offsets, then the commit itself), tens of
 * milliseconds on a busy broker, and a processor thread blocked that long leaves every lookup that completes
 * meanwhile unhandled and its capacity idle. With the commit here, the processor thread keeps finishing records
 * and starting lookups while it runs (their outputs held back for the next transaction).
 *
 * <p>A commit has two steps: adding the input offsets to the transaction, then committing it. Both run here, as each
 * blocks for a broker round trip (the first, {@code sendOffsetsToTransaction}, took about as long as the second, and
 * on the processor thread it left the lookups completing meanwhile unhandled). The offsets carry the group metadata
 * read on the processor thread when the commit started, so that thread must not poll (a poll may move the group to
 * a new generation, and the offsets would be refused) until they are added: {@link #addingOffsets()} says when.
 *
 * <p>The processor thread starts a commit, checks {@link #done()} each loop turn and collects it with
 * {@link #await()}; {@code wakeup} runs when the offsets are added and when a commit ends, so a parked processor
 * thread sees both at once.
 */
final class BackgroundCommit implements AutoCloseable {

    private final String threadName;
    private final Runnable wakeup;
    private @Nullable ExecutorService committer;
    private @Nullable Future<?> running;
    private volatile boolean offsetsAdded;

    BackgroundCommit(String threadName, Runnable wakeup) {
        this.threadName = threadName;
        this.wakeup = wakeup;
    }

    /**
     * Starts a commit on the committer thread: {@code addOffsets}, then {@code commit} (skipped if the first throws).
     * Only when no commit is running.
     */
    void start(Runnable addOffsets, Runnable commit) {
        if (running != null) {
            throw new IllegalStateException("a commit is already running");
        }
        offsetsAdded = false;
        running = executor().submit(() -> {
            try {
                addOffsets.run();
                offsetsAdded = true;
                wakeup.run();
                commit.run();
            }
            finally {
                wakeup.run();
            }
        });
    }

    /**
     * Whether a commit was started and has neither added its offsets nor ended: until then the processor thread
     * must not poll.
     */
    boolean addingOffsets() {
        Future<?> commit = running;
        return commit != null && !offsetsAdded && !commit.isDone();
    }

    /** Whether a commit was started and not collected yet. */
    boolean running() {
        return running != null;
    }

    /** Whether the commit started has ended (and can be collected without waiting). */
    boolean done() {
        Future<?> commit = running;
        return commit != null && commit.isDone();
    }

    /**
     * Waits for the running commit, if any, and rethrows its failure as it was thrown (a {@link KafkaException} the
     * processor thread handles as it handles a failed commit of its own).
     */
    void await() {
        Future<?> commit = running;
        if (commit == null) {
            return;
        }
        running = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    commit.get();
                    return;
                }
                catch (InterruptedException ex) {
                    // the commit cannot be abandoned halfway: the producer would be left mid-transaction
                    interrupted = true;
                }
            }
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new KafkaException("background commit failed", cause);
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the running commit, if any, ignoring how it ended: the caller rolls back to the last commit anyway. */
    void abandon() {
        try {
            await();
        }
        catch (RuntimeException ex) {
            // rolled back by the caller
        }
    }

    private ExecutorService executor() {
        ExecutorService executor = committer;
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, threadName + "-commit");
                thread.setDaemon(true);
                return thread;
            });
            committer = executor;
        }
        return executor;
    }

    @Override
    public void close() {
        abandon();
        ExecutorService executor = committer;
        if (executor != null) {
            executor.shutdown();
        }
    }
}
