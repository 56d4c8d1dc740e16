package io.tributary.internals.engine;

import java.util.Map;
import java.util.function.Consumer;

import io.tributary.api.ProcessContext;
import org.jspecify.annotations.Nullable;

/**
 * What a function that finishes records asynchronously (Flink's Async I/O) gets from its task, besides the
 * ordinary context: it holds the current record, hands continuations back to the task thread from any thread, and
 * finishes a held record in that record's own context. Obtained with {@link #of}, in {@code open}.
 *
 * <p>Threading: only {@link #deliver} may be called from other threads; everything else, and every continuation,
 * runs on the task thread. Delivery guarantee: a held record's offset is committed only once it is finished, so
 * after a crash every record that was in flight is read and processed again; its outputs are written once, in the
 * transaction that commits past it. A task that is closed (rebalance, rewind after a failed commit) drops its held
 * records and ignores later deliveries.
 *
 * @param <K> the key type
 * @param <O> the output type
 */
public interface AsyncContext<K, O> {

    /**
     * The async view of a task's {@code context}, with at most {@code capacity} records held at once: while the
     * task holds that many, the runtime feeds it no input (its partitions pause; the consumer thread never blocks).
     *
     * @throws IllegalArgumentException if {@code context} is not a task's context or {@code capacity} < 1
     */
    @SuppressWarnings("unchecked")
    static <K, O> AsyncContext<K, O> of(Object context, int capacity) {
        if (!(context instanceof TaskContext<?, ?> task)) {
            throw new IllegalArgumentException("not a task context: " + context);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("async capacity of processor '" + task.processorName()
                    + "' must be at least 1, got " + capacity);
        }
        task.asyncCapacity(capacity);
        return (AsyncContext<K, O>) task;
    }

    /**
     * Holds the record being processed: it is finished later with {@link #finish}. Only inside
     * {@code processElement}; a record whose {@code processElement} throws after holding is dead-lettered and
     * released.
     */
    HeldRecord hold();

    /**
     * Runs {@code action} with the context pointed at {@code record} (its key, event time and input record, so
     * {@code emit} keys and stamps outputs as if it were processed now), then releases it. Does nothing for a
     * record already released. Task thread only.
     */
    void finish(HeldRecord record, Consumer<ProcessContext<K, O>> action);

    /**
     * Sends the record being processed (within {@link #finish}), unchanged, to {@code topic} with the dead-letter
     * headers ({@code tributary-dlt-reason} = {@code reason}, Spring Kafka's {@code kafka_dlt-*}) plus
     * {@code extraHeaders}, and counts it as dead-lettered.
     */
    void deadLetter(String topic, String reason, String detail, @Nullable Throwable cause,
            Map<String, String> extraHeaders);

    /**
     * Runs {@code continuation} on the task thread at its next turn. Any thread; never blocks. Ignored once the
     * task is closed.
     */
    void deliver(Runnable continuation);

    /** The processor's metrics, for counters of the async operator. */
    ProcessorMetrics metrics();
}
