package io.tributary.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.json.JsonFieldReader;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The shipped {@link KeySelector}s: the Kafka record key, and fields of JSON values addressed by dotted paths.
 *
 * <p>All are stateless and thread-safe. Paths are checked when the selector is created, so a typo fails at
 * startup; a record that lacks the key at run time gets {@code null}, which dead-letters it as
 * {@code missing-key}. Empty strings count as missing: one empty key would gather unrelated records into a
 * single state entry.
 */
public final class KeySelectors {

    private static final KeySelector<Object, String> RECORD_KEY = new RecordKey();

    private KeySelectors() {
    }

    /** The Kafka record key decoded as UTF-8; {@code null} when the record has no key or an empty one. */
    @SuppressWarnings("unchecked")
    public static <V> KeySelector<V, String> recordKey() {
        return (KeySelector<V, String>) RECORD_KEY;
    }

    /**
     * The text of the JSON node at {@code path}, a dotted path such as {@code company_info.name}. Strings are
     * taken as they are, numbers and booleans as their JSON text ({@code 42}, {@code true}); a missing field,
     * JSON {@code null}, an object, an array or an empty string gives {@code null}.
     *
     * @throws IllegalArgumentException if {@code path} is blank or has an empty segment
     */
    public static KeySelector<JsonNode, String> field(String path) {
        return new Field(JsonFieldPath.of(path));
    }

    /**
     * The texts of the nodes at {@code paths}, as {@link #field} reads them, joined by {@code |} in the order
     * given ({@code "acme|eu"}); {@code null} when any of them is missing. Values are joined as they are, so
     * values that themselves contain {@code |} can make two different combinations give the same key.
     *
     * @throws IllegalArgumentException if no path is given or any path is invalid
     */
    public static KeySelector<JsonNode, String> fields(String... paths) {
        Objects.requireNonNull(paths, "paths");
        if (paths.length == 0) {
            throw new IllegalArgumentException(
                    "KeySelectors.fields needs at least one JSON field path; use e.g. fields(\"company\", \"region\")");
        }
        if (paths.length == 1) {
            return field(paths[0]);
        }
        JsonFieldPath[] parsed = new JsonFieldPath[paths.length];
        for (int i = 0; i < paths.length; i++) {
            parsed[i] = JsonFieldPath.of(paths[i]);
        }
        return new Fields(parsed);
    }

    /** The key text of {@code node}, or {@code null} when it is not a non-empty scalar. */
    static @Nullable String text(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        String text;
        if (node.isString()) {
            text = node.stringValue();
        }
        else if (node.isNumber() || node.isBoolean()) {
            text = node.asString();
        }
        else {
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    private static final class RecordKey implements KeySelector<Object, String> {

        @Override
        public @Nullable String selectKey(byte @Nullable [] recordKey, Object value) {
            return recordKey == null || recordKey.length == 0 ? null : new String(recordKey, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "KeySelectors.recordKey()";
        }
    }

    private static final class Field implements KeySelector<JsonNode, String>, JsonFieldReader {

        private final JsonFieldPath path;

        Field(JsonFieldPath path) {
            this.path = path;
        }

        @Override
        public List<JsonFieldPath> fieldPaths() {
            return List.of(path);
        }

        @Override
        public @Nullable String selectKey(byte @Nullable [] recordKey, JsonNode value) {
            return text(path.find(value));
        }

        @Override
        public String toString() {
            return "KeySelectors.field(" + path + ")";
        }
    }

    private static final class Fields implements KeySelector<JsonNode, String>, JsonFieldReader {

        private final JsonFieldPath[] paths;

        Fields(JsonFieldPath[] paths) {
            this.paths = paths;
        }

        @Override
        public List<JsonFieldPath> fieldPaths() {
            return List.of(paths);
        }

        @Override
        public @Nullable String selectKey(byte @Nullable [] recordKey, JsonNode value) {
            StringBuilder key = new StringBuilder(32);
            for (int i = 0; i < paths.length; i++) {
                String text = text(paths[i].find(value));
                if (text == null) {
                    return null;
                }
                if (i > 0) {
                    key.append('|');
                }
                key.append(text);
            }
            return key.toString();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("KeySelectors.fields(");
            for (int i = 0; i < paths.length; i++) {
                text.append(i > 0 ? ", " : "").append(paths[i]);
            }
            return text.append(')').toString();
        }
    }
}
