package io.tributary.internals.window;

import java.math.BigDecimal;
import java.util.List;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import io.tributary.window.Aggregation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Aggregations.sum / min / max}: one number kept per window, the running sum or extreme of a numeric
 * field; {@code null} (JSON null in the result) until a record with the field arrives.
 */
public final class NumberAggregation implements Aggregation<NumberAggregation.Value> {

    /** The accumulator, stored as {@code {"value":190}}. */
    public record Value(@Nullable BigDecimal value) {
    }

    /** Which number is kept. */
    public enum Kind {
        SUM, MIN, MAX
    }

    private static final Serde<Value> SERDE = Serdes.json(Value.class);
    private static final Value EMPTY = new Value(null);

    private final Kind kind;
    private final NumericField field;

    public NumberAggregation(Kind kind, String path) {
        this.kind = kind;
        this.field = new NumericField(kind.name().toLowerCase(java.util.Locale.ROOT), path);
    }

    @Override
    public Value createAccumulator() {
        return EMPTY;
    }

    @Override
    public Value add(JsonNode record, Value accumulator) {
        BigDecimal number = field.read(record);
        if (number == null) {
            return accumulator;
        }
        BigDecimal combined = combine(accumulator.value(), number);
        // a min or max the record does not move keeps its accumulator: accumulators are immutable, so it can be shared
        return combined == accumulator.value() ? accumulator : new Value(combined);
    }

    @Override
    public ObjectNode getResult(Value accumulator) {
        return JsonNodeFactory.instance.objectNode().set(field.resultName(), Numbers.toNode(accumulator.value()));
    }

    @Override
    public Value merge(Value a, Value b) {
        if (a.value() == null) {
            return b;
        }
        return b.value() == null ? a : new Value(combine(a.value(), b.value()));
    }

    /**
     * Sums exactly, or keeps the extreme. Equal numbers of different scales ({@code 5} and {@code 5.0}) tie; the
     * smaller scale wins the tie whichever came first, so a min or max does not depend on arrival order, and merging
     * accumulators (sliding windows' panes) gives the result adding every record to one accumulator gives.
     */
    private BigDecimal combine(@Nullable BigDecimal current, BigDecimal number) {
        if (current == null) {
            return number;
        }
        return switch (kind) {
            case SUM -> current.add(number);
            case MIN -> prefer(number.compareTo(current) < 0, number, current);
            case MAX -> prefer(number.compareTo(current) > 0, number, current);
        };
    }

    private static BigDecimal prefer(boolean beyond, BigDecimal number, BigDecimal current) {
        return beyond || number.scale() < current.scale() && number.compareTo(current) == 0 ? number : current;
    }

    @Override
    public Serde<Value> accumulatorSerde() {
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
        return "Aggregations." + kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + field.path() + ")";
    }
}
