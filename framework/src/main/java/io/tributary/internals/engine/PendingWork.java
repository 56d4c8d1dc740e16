package io.tributary.internals.engine;

/**
 * A task seen by the runtime loop as a holder of asynchronous work: records whose processing started and has not
 * finished yet, and continuations that other threads handed back to it. The loop runs the continuations on the
 * task thread, stops feeding a task that is at capacity, and commits input offsets only below the task's oldest
 * unfinished record, so in-flight records are read again after a crash (Flink's approach to Async I/O, without
 * checkpointing them).
 *
 * <p>Task thread only, except {@link #onCompletionReady}'s callback, which any thread may run.
 */
public interface PendingWork {

    /** Whether the task may be given another input record now; {@code false} while it is at capacity. */
    boolean acceptsInput();

    /** Records held and not finished yet. */
    int inFlight();

    /** Runs the continuations delivered since the last call; returns whether any ran (outputs may be pending). */
    boolean runCompletions();

    /**
     * The offset of {@code topic}'s input up to which (exclusive) the task's work is finished, given
     * {@code nextOffset}, the offset after the last record it was given.
     */
    long committableOffset(String topic, long nextOffset);

    /** Sets what to run, on the delivering thread, when a continuation arrives: wakes the loop. Must not block. */
    void onCompletionReady(Runnable wakeup);
}
