package io.tributary.internals.window;

import java.util.List;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import io.tributary.window.Aggregation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code Aggregations.count()}: the number of records in the window, as field {@code count}. */
public final class CountAggregation implements Aggregation<CountAggregation.Count> {

    /** The accumulator, stored as {@code {"count":42}}. */
    public record Count(long count) {
    }

    private static final Serde<Count> SERDE = Serdes.json(Count.class);

    @Override
    public Count createAccumulator() {
        return new Count(0);
    }

    @Override
    public Count add(JsonNode value, Count accumulator) {
        return new Count(accumulator.count() + 1);
    }

    @Override
    public ObjectNode getResult(Count accumulator) {
        return JsonNodeFactory.instance.objectNode().put("count", accumulator.count());
    }

    @Override
    public Count merge(Count a, Count b) {
        return new Count(a.count() + b.count());
    }

    @Override
    public Serde<Count> accumulatorSerde() {
        return SERDE;
    }

    @Override
    public List<String> fieldNames() {
        return List.of("count");
    }

    @Override
    public String toString() {
        return "Aggregations.count()";
    }
}
