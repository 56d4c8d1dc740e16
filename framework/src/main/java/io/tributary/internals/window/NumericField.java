package io.tributary.internals.window;

import java.math.BigDecimal;

import io.tributary.internals.json.JsonFieldPath;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The numeric field a built-in aggregation reads, and how its result field is named. Numbers are read as
 * {@link BigDecimal}, so sums of integers stay exact integers and sums of decimals do not pick up binary
 * rounding ({@code 0.1 + 0.2 = 0.3}).
 */
final class NumericField {

    private final JsonFieldPath path;
    private final String function;
    private final String resultName;

    NumericField(String function, String path) {
        this.path = JsonFieldPath.of(path);
        this.function = function;
        this.resultName = function + "_" + path.replace('.', '_');
    }

    /**
     * The field's value in {@code record}, or {@code null} when the field is missing or JSON {@code null} (such
     * records are left out of this aggregation, as SQL leaves out NULLs).
     *
     * @throws IllegalArgumentException if the field holds something other than a number; the record is then
     *         dead-lettered before any window changes
     */
    @Nullable BigDecimal read(JsonNode record) {
        JsonNode node = path.find(record);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber() && !(node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()))) {
            return node.decimalValue();
        }
        throw new IllegalArgumentException(function + "(" + path + ") needs a number in field '" + path + "', got "
                + node + "; send a JSON number (or leave the field out to skip the record for " + resultName + ")");
    }

    /** The result field's name: function and path with dots as underscores, e.g. {@code max_company_info_employees}. */
    String resultName() {
        return resultName;
    }

    String path() {
        return path.path();
    }

    /** The parsed path, for telling whether the field is top-level. */
    JsonFieldPath fieldPath() {
        return path;
    }
}
