package io.tributary.internals.window;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import io.tributary.window.Aggregation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Aggregations.avg}: the mean of a numeric field over the records that have it, as a JSON double (also
 * when the inputs are integers, so the field's type does not depend on the data); null when none had it.
 */
public final class AverageAggregation implements Aggregation<AverageAggregation.Average> {

    /** The accumulator, stored as {@code {"sum":377,"count":2}}. */
    public record Average(BigDecimal sum, long count) {
    }

    private static final Serde<Average> SERDE = Serdes.json(Average.class);
    private static final Average EMPTY = new Average(BigDecimal.ZERO, 0);

    private final NumericField field;

    public AverageAggregation(String path) {
        this.field = new NumericField("avg", path);
    }

    @Override
    public Average createAccumulator() {
        return EMPTY;
    }

    @Override
    public Average add(JsonNode record, Average accumulator) {
        BigDecimal number = field.read(record);
        return number == null ? accumulator : new Average(accumulator.sum().add(number), accumulator.count() + 1);
    }

    @Override
    public ObjectNode getResult(Average accumulator) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (accumulator.count() == 0) {
            return result.putNull(field.resultName());
        }
        double mean = accumulator.sum().divide(BigDecimal.valueOf(accumulator.count()), MathContext.DECIMAL64).doubleValue();
        return result.put(field.resultName(), mean);
    }

    @Override
    public Average merge(Average a, Average b) {
        return new Average(a.sum().add(b.sum()), a.count() + b.count());
    }

    @Override
    public Serde<Average> accumulatorSerde() {
        return SERDE;
    }

    @Override
    public List<String> fieldNames() {
        return List.of(field.resultName());
    }

    /** The field it reads. */
    NumericField field() {
        return field;
    }

    @Override
    public String toString() {
        return "Aggregations.avg(" + field.path() + ")";
    }
}
