package io.tributary.api;

import java.time.Instant;

/**
 * What a function sees while it processes one record or timer: the key, time, state, timers and outputs.
 *
 * <p>Valid only during the call it is passed to.
 *
 * @param <K> the key type
 * @param <O> the output value type
 */
public interface ProcessContext<K, O> extends OpenContext {

    /** The key being processed. */
    K currentKey();

    /** The event time of the record (or the time of the timer) being processed. */
    Instant timestamp();

    /** The task's current watermark: no record with an earlier event time is expected any more. */
    Instant currentWatermark();

    /** The processing-time clock. */
    Instant currentProcessingTime();

    /** Registers and deletes timers of the current key. */
    TimerService timerService();

    /** Emits {@code value} to the main output, keyed by the current key, stamped with {@link #timestamp()}. */
    void emit(O value);

    /** Emits {@code value} to the main output with an explicit key and timestamp. */
    void emit(K key, O value, Instant timestamp);

    /** Emits {@code value} to the side output {@code tag}, keyed by the current key. */
    <T> void sideOutput(OutputTag<T> tag, T value);

    /**
     * Sends the input record being processed, unchanged (key, value and headers as read), to the side
     * output {@code tag}, adding {@code extraHeaders} (UTF-8). For routing late or rejected records where
     * readers expect the original bytes. Fails inside a timer call, where there is no input record.
     */
    void sideOutputInput(OutputTag<?> tag, java.util.Map<String, String> extraHeaders);

    /**
     * Counts the record being processed as late (metric {@code tributary.records.late}): too late for the
     * event-time logic that reads it, whether it is then dropped or routed to a side output. Window operators call
     * it for each record too late for all its windows.
     */
    void countLateRecord();

    /**
     * Counts the record being processed as a duplicate (metric {@code tributary.records.duplicate}): one the
     * function recognised as already seen, whether it is then dropped or routed to a side output. The
     * deduplication operator calls it for each occurrence of a key after the first within its scope.
     */
    void countDuplicate();

    /** Where the record being processed came from; {@code null} fields inside a timer call. */
    RecordMetadata recordMetadata();
}
