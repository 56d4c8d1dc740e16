package io.tributary.internals.window;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tributary.internals.engine.ScannedFields;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.json.JsonFieldScanner;
import io.tributary.serde.Serdes;
import io.tributary.window.AggregateFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.io.NumberInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The top-level fields a window operator reads from a record, when it reads nothing else: the output's key fields and
 * the numeric fields of built-in aggregations. The task can then scan them from the record's bytes instead of parsing
 * the whole value into a tree, most of a windowed aggregation's CPU; the operator reads, in place of the value, the
 * object of just those fields that {@link #tree} builds with the nodes the default mapper would give them, so windows
 * and aggregations see the same input either way. A user aggregate function, which may read anything, or a nested
 * path keeps the operator on the value's tree. A number with a fraction or exponent ({@code 101.25}, {@code 1e3}) is
 * parsed from its literal as the default mapper parses it, so a stream of decimal prices is read from the bytes too; a
 * record whose fields the scanner is unsure of ({@code null}, a missing field, an escape) is scanned and then parsed.
 * Immutable.
 */
final class WindowInputFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Whether the default mapper's parser reads doubles with its fast parser, which {@link #decimal} must match. */
    private static final boolean FAST_DOUBLES =
            Serdes.defaultJsonMapper().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER);

    private final List<String> names;

    private WindowInputFields(List<String> names) {
        this.names = names;
    }

    /**
     * The fields read with key paths {@code keyPaths} and aggregate function {@code function}; {@code null} when the
     * function is not built of the built-in aggregations or any path is nested.
     */
    static @Nullable WindowInputFields of(List<JsonFieldPath> keyPaths, AggregateFunction<?, ?, ?> function) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonFieldPath path : keyPaths) {
            if (!addTopLevel(names, path)) {
                return null;
            }
        }
        return addFieldsOf(names, function) ? new WindowInputFields(List.copyOf(names)) : null;
    }

    /** Adds the fields {@code function} reads; {@code false} when it may read others or one is nested. */
    private static boolean addFieldsOf(Set<String> names, Object function) {
        List<NumericField> fields = BuiltInAggregations.fieldsOf(function);
        if (fields == null) {
            return false;
        }
        for (NumericField field : fields) {
            if (!addTopLevel(names, field.fieldPath())) {
                return false;
            }
        }
        return true;
    }

    private static boolean addTopLevel(Set<String> names, JsonFieldPath path) {
        if (path.depth() != 1) {
            return false;
        }
        names.add(path.path());
        return true;
    }

    /** The fields' names, each once, in the order {@link #tree} expects the scanned fields. */
    List<String> names() {
        return names;
    }

    /**
     * The object of the scanned {@code fields}, each with the node the default mapper parses its value into: what the
     * operator's key paths and aggregations find in the value's tree, for every field they read.
     */
    ObjectNode tree(ScannedFields fields) {
        ObjectNode tree = NODES.objectNode();
        for (int i = 0; i < names.size(); i++) {
            tree.set(names.get(i), node(fields, i));
        }
        return tree;
    }

    private JsonNode node(ScannedFields fields, int index) {
        byte kind = fields.kind(index);
        switch (kind) {
            case JsonFieldScanner.STRING:
                return NODES.textNode(fields.text(index));
            case JsonFieldScanner.INTEGER:
                return integer(fields.text(index));
            case JsonFieldScanner.TRUE:
                return NODES.booleanNode(true);
            case JsonFieldScanner.FALSE:
                return NODES.booleanNode(false);
            case JsonFieldScanner.DECIMAL:
                return decimal(fields.text(index));
            default:
                // the task parses a record with a missing field or one of another kind, and calls processElement
                throw new IllegalStateException("field '" + names.get(index) + "' was scanned with kind " + kind
                        + ", which has no text; such a record must be read as a tree");
        }
    }

    /**
     * The node the default mapper makes of integer literal {@code literal}: an int node when the value fits an int, a
     * long node when it fits a long, else a big-integer node.
     */
    static JsonNode integer(String literal) {
        int digits = literal.length() - (literal.charAt(0) == '-' ? 1 : 0);
        if (digits <= 18) {
            long value = Long.parseLong(literal);
            return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
        }
        BigInteger value = new BigInteger(literal);
        return value.bitLength() < Long.SIZE ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    /**
     * The node the default mapper makes of {@code literal}, a JSON number with a fraction or exponent: a double node of
     * the value its parser reads (the mapper does not read floats as big decimals), with the same double parser, so
     * even a literal past the double range ({@code 1e400}, infinity) or below it ({@code 1e-400}, zero) reads the same.
     */
    static JsonNode decimal(String literal) {
        return NODES.numberNode(NumberInput.parseDouble(literal, FAST_DOUBLES));
    }
}
