package io.tributary.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import tools.jackson.databind.JsonNode;

/**
 * Declares a bean method as a keyed processor: it is called once per input record, with the record's key
 * as the scope of its state and timers, and its emits are written as JSON.
 *
 * <pre>{@code
 * @KeyedProcessor(name = "counter", sources = "orders", output = "order-counts",
 *         keyField = "company_info.name", timestampField = "created_at", maxOutOfOrderness = "10s")
 * void count(JsonNode order, ProcessContext<String, Object> ctx) {
 *     ValueState<Long> count = ctx.state(COUNT);
 *     ...
 * }
 * }</pre>
 *
 * <p>The method must be an instance method returning {@code void} that takes the value (a {@link JsonNode},
 * or {@link #valueType()}) and a {@code ProcessContext<String, Object>}. An exception it throws
 * dead-letters the record.
 *
 * <p>Threading: one bean serves every partition task of the processor, so the method is called
 * concurrently from several threads. Keep per-key data in Tributary state ({@code ctx.state(descriptor)}),
 * which is scoped to the current key, checkpointed and restored after a crash or rebalance; never in fields
 * of the bean.
 *
 * <p>Every String attribute may hold {@code ${...}} placeholders, resolved when the processor is built.
 * Durations are written {@code 100ms}, {@code 10s}, {@code 3m}, {@code 1h}, {@code 2d} or in ISO-8601
 * ({@code PT3M}).
 *
 * @see OnTimer
 * @see AnnotatedProcessors
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KeyedProcessor {

    /** The processor's name, 1-100 characters of {@code [A-Za-z0-9._-]}; also names its consumer group. */
    String name();

    /** The source topics; an entry may also list several topics separated by commas. */
    String[] sources();

    /** The main output topic; empty when the processor emits only to side outputs. */
    String output() default "";

    /**
     * The dotted JSON path of the grouping key ({@code customer.id}), or several separated by commas whose
     * values are joined by {@code |}; empty for the Kafka record key.
     */
    String keyField() default "";

    /**
     * The dotted JSON path of the event time, an ISO-8601 instant or epoch milliseconds; empty for the Kafka
     * record timestamp.
     */
    String timestampField() default "";

    /** How far behind the highest event time seen a record may be and still be on time. */
    String maxOutOfOrderness() default "0ms";

    /** After how long without records an input partition stops holding the watermark back; empty for never. */
    String idleTimeout() default "";

    /** Where unreadable records go; empty for {@code <first source>-dlt}. */
    String deadLetterTopic() default "";

    /** Whether to route records through an internal topic keyed by the grouping key, when sources are not. */
    boolean repartition() default false;

    /** Side outputs and their topics. */
    SideOutput[] sideOutputs() default {};

    /**
     * The type the method receives. Key and event time are always read from the JSON tree first; the tree is
     * then bound to this type with Jackson unless it is {@link JsonNode}. A record that does not bind is
     * dead-lettered.
     */
    Class<?> valueType() default JsonNode.class;
}
