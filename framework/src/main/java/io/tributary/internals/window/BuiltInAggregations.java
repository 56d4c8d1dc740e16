package io.tributary.internals.window;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether an aggregate function is built of the built-in aggregations (count, sum, min, max, avg, and
 * compositions of them) and which numeric fields they read. Two choices rest on it: such a function reads only the
 * fields it names, so its input may be scanned from the record's bytes ({@link WindowInputFields}), and its merge gives
 * exactly what adding the records gives, so its sliding windows may go by panes ({@link PanedWindowOperator}).
 */
final class BuiltInAggregations {

    private BuiltInAggregations() {
    }

    /**
     * The numeric fields {@code function} reads, in order, each as often as a part reads it; {@code null} when it is
     * not built of the built-in aggregations alone.
     */
    static @Nullable List<NumericField> fieldsOf(Object function) {
        List<NumericField> fields = new ArrayList<>();
        return addFieldsOf(fields, function) ? fields : null;
    }

    private static boolean addFieldsOf(List<NumericField> fields, Object function) {
        if (function instanceof CountAggregation) {
            return true;
        }
        if (function instanceof NumberAggregation number) {
            fields.add(number.field());
            return true;
        }
        if (function instanceof AverageAggregation average) {
            fields.add(average.field());
            return true;
        }
        if (function instanceof CompositeAggregation composite) {
            for (Object part : composite.parts()) {
                if (!addFieldsOf(fields, part)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
