package io.tributary.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bean method as a deduplication of JSON records, the annotation form of
 * {@link io.tributary.dedup.Deduplication#builder} with the same semantics (see that class for key, scope, state
 * eviction and policies). The method is {@code void}, takes no parameters and is never called:
 *
 * <pre>{@code
 * @Deduplicate(name = "dedup", sources = "stock_ticker", output = "stock_ticker_dedup",
 *         keyFields = "symbol,timestamp", timestampField = "timestamp", scope = "10m",
 *         maxOutOfOrderness = "3m", deadLetterTopic = "stock_ticker_dlt")
 * void dedup() {
 * }
 * }</pre>
 *
 * <p>Every String attribute may hold {@code ${...}} placeholders, resolved when the processor is built.
 * Durations are written {@code 100ms}, {@code 10s}, {@code 3m}, {@code 1h}, {@code 2d} or in ISO-8601
 * ({@code PT3M}). Everything is validated by {@link AnnotatedProcessors#definitionsOf}, so a bad attribute fails at
 * startup with a message naming the processor, the attribute and the fix.
 *
 * @see AnnotatedProcessors
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Deduplicate {

    /** The processor's name, 1-100 characters of {@code [A-Za-z0-9._-]}; also names its consumer group. */
    String name();

    /** The source topics; an entry may also list several topics separated by commas. */
    String[] sources();

    /** The topic first (or, with {@link Keep#LAST}, last) occurrences go to. */
    String output();

    /**
     * The dedup key: dotted JSON paths separated by commas ({@code symbol,timestamp} or {@code event_id}); empty
     * when {@link #wholeValue()} is set.
     */
    String keyFields() default "";

    /** Whether two records are duplicates when their whole JSON values are equal, instead of by key fields. */
    boolean wholeValue() default false;

    /** The JSON field whose text keys output records; empty for the first key field. */
    String outputKeyField() default "";

    /**
     * The dotted JSON path of the event time, an ISO-8601 instant or epoch milliseconds; empty for the Kafka
     * record timestamp. Must be empty when {@link #processingTime()} is set.
     */
    String timestampField() default "";

    /** How long a key is remembered after its first occurrence, e.g. {@code 10m}; required. */
    String scope();

    /**
     * Whether the scope runs in processing time instead of event time: a key is then forgotten even when its
     * partition goes quiet, but a replay may recognise different duplicates.
     */
    boolean processingTime() default false;

    /** How far behind the highest event time seen a record may be and still be on time. */
    String maxOutOfOrderness() default "0ms";

    /** Which occurrence is emitted: the first, at once (the default), or the last, when the scope ends. */
    Keep keep() default Keep.FIRST;

    /** Where duplicates go, unchanged; empty to count and drop them. */
    String duplicatesTopic() default "";

    /** Where unreadable records go; empty for {@code <first source>-dlt}. */
    String deadLetterTopic() default "";

    /** Whether to route records through an internal topic keyed by the dedup key, when sources are not. */
    boolean repartition() default false;

    /** Which occurrence of a key within its scope a deduplication emits. */
    enum Keep {
        /** The first occurrence, emitted at once, unchanged. */
        FIRST,
        /** The last occurrence, emitted when the scope ends, stamped with the scope's end. */
        LAST
    }
}
