package io.tributary.window;

/**
 * An incremental aggregation over the records of a window, in four parts as Flink's {@code AggregateFunction}:
 * a window starts from {@link #createAccumulator()}, each record is folded in with {@link #add}, the result is
 * read with {@link #getResult} whenever the window fires, and {@link #merge} combines the accumulators of
 * session windows that merge.
 *
 * <p>The accumulator is kept in keyed state (RocksDB in production), serialized after every record, never on the
 * heap between records; keep it small (a count and a sum, not the records). It must be serializable by the serde
 * the aggregation is registered with (JSON for a class), and {@code add} and {@code merge} may either update it
 * in place and return it, or return a new one.
 *
 * <p>Calls happen on the task's thread, one at a time. {@code add} should not throw for records it is meant to
 * see: a throwing {@code add} dead-letters the record, but an accumulator it already changed in place may keep
 * the change; reject bad records before they reach the aggregation (or in {@code add}, before changing anything).
 *
 * @param <IN> the type of the records aggregated
 * @param <ACC> the accumulator type
 * @param <OUT> the result type
 */
public interface AggregateFunction<IN, ACC, OUT> {

    /** A new, empty accumulator, for a window's first record. */
    ACC createAccumulator();

    /** Folds {@code value} into {@code accumulator}; returns the updated accumulator. */
    ACC add(IN value, ACC accumulator);

    /** The window's result from its accumulator; must not change the accumulator, as a window may fire again. */
    OUT getResult(ACC accumulator);

    /**
     * Combines two accumulators into one, when session windows merge: {@code a} belongs to the earlier session.
     * Only session windows call it; other windows may throw {@link UnsupportedOperationException}.
     */
    ACC merge(ACC a, ACC b);
}
