package io.tributary.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.tributary.window.AggregateFunction;
import io.tributary.window.Aggregation;

/**
 * Declares a bean method as a windowed aggregation of JSON records per key, the annotation form of
 * {@link io.tributary.window.WindowedAggregation#builder}, with the same semantics (Flink's; see that class for
 * watermarks, firing, lateness and the output format).
 *
 * <p>The common case is one annotation on a {@code void} method without parameters, whose body is never called;
 * the built-in functions in {@link #aggregations()} give the result:
 *
 * <pre>{@code
 * @WindowedAggregation(name = "max-price-tumbling", sources = "stock_ticker_dedup",
 *         output = "stock_max_price_tumbling", keyField = "symbol", timestampField = "timestamp",
 *         size = "10m", maxOutOfOrderness = "3m", lateTopic = "stock_ticker_late",
 *         aggregations = {"max(price)", "count"})
 * void maxPrice() {
 * }
 * }</pre>
 *
 * <p>The full case leaves {@link #aggregations()} empty and has the method, again without parameters, return the
 * {@link AggregateFunction} to use; it is called once, when the processor is built, and the function it returns is
 * shared by every task and thread, so it must be stateless. An {@link Aggregation} stores its own accumulator;
 * any other function needs {@link #accumulator()}, the class its accumulator is stored as (JSON):
 *
 * <pre>{@code
 * @WindowedAggregation(name = "vwap", sources = "trades", output = "vwap", keyField = "symbol",
 *         window = WindowType.SLIDING, size = "10m", slide = "1m", accumulator = VwapAccumulator.class)
 * AggregateFunction<JsonNode, VwapAccumulator, Vwap> vwap() {
 *     return new VwapFunction();
 * }
 * }</pre>
 *
 * <p>Every String attribute may hold {@code ${...}} placeholders, resolved when the processor is built.
 * Durations are written {@code 100ms}, {@code 10s}, {@code 3m}, {@code 1h}, {@code 2d} or in ISO-8601
 * ({@code PT3M}). Everything is validated by {@link AnnotatedProcessors#definitionsOf}, so a bad signature or
 * attribute fails at startup with a message naming the processor, the attribute and the fix.
 *
 * @see AnnotatedProcessors
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WindowedAggregation {

    /** The processor's name, 1-100 characters of {@code [A-Za-z0-9._-]}; also names its consumer group. */
    String name();

    /** The source topics; an entry may also list several topics separated by commas. */
    String[] sources();

    /** The topic window results go to. */
    String output();

    /**
     * The dotted JSON path of the key ({@code symbol}), or several separated by commas whose values are joined by
     * {@code |}; each key has its own windows and its fields appear in the output.
     */
    String keyField();

    /**
     * The dotted JSON path of the event time, an ISO-8601 instant or epoch milliseconds; empty for the Kafka
     * record timestamp. Must be empty when {@link #processingTime()} is set.
     */
    String timestampField() default "";

    /**
     * Whether windows follow processing time instead of event time: results then depend on when records are
     * processed, and nothing is ever late (so no {@link #allowedLateness()} or {@link #lateTopic()}).
     */
    boolean processingTime() default false;

    /** The kind of windows. */
    WindowType window() default WindowType.TUMBLING;

    /** The window size, required for tumbling and sliding windows; must be empty for session windows. */
    String size() default "";

    /** How often a sliding window starts; required for, and only for, sliding windows. */
    String slide() default "";

    /** How long without records closes a session; required for, and only for, session windows. */
    String gap() default "";

    /** Shifts tumbling and sliding window bounds from the epoch, e.g. {@code 5m}; not for session windows. */
    String offset() default "0ms";

    /** How far behind the highest event time seen a record may be and still be on time. */
    String maxOutOfOrderness() default "0ms";

    /** How long after a window fired records may still update it, each re-emitting its result. */
    String allowedLateness() default "0ms";

    /** Where records too late for all their windows go, unchanged; empty to count and drop them. */
    String lateTopic() default "";

    /** The processing-time interval of early updates of open windows; empty for final results only. */
    String earlyFirings() default "";

    /**
     * After how long without records the watermark moves on with processing time, so the last windows of a quiet
     * partition fire; empty for never. See {@link io.tributary.api.WatermarkStrategy#withIdleAdvance} for the
     * trade-off.
     */
    String idleAdvance() default "";

    /** Where unreadable or rejected records go; empty for {@code <first source>-dlt}. */
    String deadLetterTopic() default "";

    /** Whether to route records through an internal topic keyed by {@link #keyField()}, when sources are not. */
    boolean repartition() default false;

    /**
     * The built-in aggregations, computed together: {@code count}, {@code sum(field)}, {@code min(field)},
     * {@code max(field)}, {@code avg(field)} with {@code field} a dotted path, e.g. {@code {"max(price)", "count"}}
     * giving {@code "max_price"} and {@code "count"} (see {@link io.tributary.window.Aggregations}). When set, the
     * method must return {@code void}; when empty, it must return the {@link AggregateFunction}.
     */
    String[] aggregations() default {};

    /**
     * The class a user {@link AggregateFunction}'s accumulator is stored as, in JSON; {@link Void} (the default)
     * when {@link #aggregations()} or an {@link Aggregation}, which stores its own, is used.
     */
    Class<?> accumulator() default Void.class;
}
