package io.tributary.internals.window;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** JSON output of the built-in aggregations' numbers: integers as integers, decimals as read, nothing as null. */
final class Numbers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Numbers() {
    }

    static JsonNode toNode(@Nullable BigDecimal value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value.scale() <= 0) {
            try {
                return NODES.numberNode(value.longValueExact());
            }
            catch (ArithmeticException ex) {
                return NODES.numberNode(value.toBigInteger());
            }
        }
        return NODES.numberNode(value);
    }
}
