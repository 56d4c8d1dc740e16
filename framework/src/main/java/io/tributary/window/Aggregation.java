package io.tributary.window;

import java.util.List;

import io.tributary.serde.Serde;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An aggregate function over JSON records whose result is a JSON object of named fields, and which knows how to
 * store its accumulator: the built-ins of {@link Aggregations} ({@code count}, {@code sum_price}, ...) and their
 * combinations. Implementations are immutable and thread-safe.
 *
 * @param <ACC> the accumulator type
 */
public interface Aggregation<ACC> extends AggregateFunction<JsonNode, ACC, ObjectNode> {

    /** How the accumulator is written to state. */
    Serde<ACC> accumulatorSerde();

    /** The names of the fields {@link #getResult} writes, in order. */
    List<String> fieldNames();
}
