package io.tributary.internals.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A dotted path to a field of a JSON object ({@code company_info.name}), split once at creation so that the
 * per-record lookup is a loop of {@link JsonNode#get(String)} calls with no parsing and no allocation.
 *
 * <p>Segments name object fields only: there is no array indexing and no escaping, so a field whose name
 * contains a dot cannot be addressed. Immutable and thread-safe.
 */
public final class JsonFieldPath {

    private final String path;
    private final String[] segments;

    private JsonFieldPath(String path, String[] segments) {
        this.path = path;
        this.segments = segments;
    }

    /**
     * Parses {@code path}.
     *
     * @throws IllegalArgumentException if the path is blank, or has an empty segment or a segment with
     *         leading or trailing whitespace; the message names the path and shows a valid one
     */
    public static JsonFieldPath of(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) {
            throw new IllegalArgumentException(
                    "JSON field path must not be blank, got '" + path + "'; use e.g. 'company_info.name'");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int dot = path.indexOf('.', start);
            String segment = dot < 0 ? path.substring(start) : path.substring(start, dot);
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("JSON field path '" + path
                        + "' has an empty segment; separate field names with single dots, e.g. 'company_info.name'");
            }
            if (segment.isBlank() || !segment.strip().equals(segment)) {
                throw new IllegalArgumentException("JSON field path '" + path + "' has a segment with surrounding "
                        + "whitespace ('" + segment + "'); remove the spaces, e.g. 'company_info.name'");
            }
            parts.add(segment);
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return new JsonFieldPath(path, parts.toArray(String[]::new));
    }

    /**
     * Returns the node at this path below {@code root}, or {@code null} when a segment is missing or an
     * intermediate node is not an object. A JSON {@code null} at the end of the path is returned as the
     * null node; callers decide what it means.
     */
    public @Nullable JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (String segment : segments) {
            node = node.get(segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The path as written. */
    public String path() {
        return path;
    }

    /** How many field names the path has. */
    public int depth() {
        return segments.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonFieldPath that && that.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
