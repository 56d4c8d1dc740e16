package io.tributary.api;

/**
 * User logic run once per input record, with the record's key as the scope of its state and timers; the
 * low-level building block under every Tributary annotation, in the spirit of Flink's
 * {@code KeyedProcessFunction}.
 *
 * <p>Threading: an instance serves one partition task and is called from one thread only (one instance is
 * created per task through the {@link ProcessorDefinition}'s factory). Records of one input partition
 * arrive in offset order. Delivery: under exactly-once, the outputs and state writes of a call become
 * visible atomically with the input's offset; after a crash, calls whose results were not committed are
 * repeated, so side effects outside Kafka and state may repeat.
 *
 * <p>An exception thrown from {@code processElement} sends the input record to the dead-letter topic with
 * the exception as its reason; the state writes the call made before throwing are kept.
 *
 * @param <K> the key type
 * @param <V> the input value type
 * @param <O> the output value type
 */
public interface KeyedProcessFunction<K, V, O> {

    /** Called once before the first record or timer of a task; declare state here. */
    default void open(OpenContext context) throws Exception {
    }

    /** Processes one record. */
    void processElement(V value, ProcessContext<K, O> context) throws Exception;

    /** Called when a timer registered for {@code context.currentKey()} fires; timers fire in time order. */
    default void onTimer(TimerContext<K, O> context) throws Exception {
    }
}
