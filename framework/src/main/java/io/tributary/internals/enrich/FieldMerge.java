package io.tributary.internals.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.tributary.internals.json.JsonFieldPath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The declarative merge of a lookup's result into the record: first {@code rename} moves fields of the record
 * ({@code company_name=company_info.name}; an object left empty by the moves is removed, which flattens it), then
 * {@code take} copies fields of the result into the record, at the top level or under {@code into}
 * ({@code sector}, or {@code industry=sector} to rename; no entries copies every field of the result). A field
 * missing from the result is left out. Immutable and thread-safe.
 *
 * <p>The merge writes into the record's own tree and returns it: each record is parsed into a tree of its own that
 * nothing else holds (its dead letter is sent from its input bytes), so copying it would only cost a deep copy per
 * record. The result's fields are copied, as a cached result is shared by every record of its key.
 */
public final class FieldMerge implements BiFunction<JsonNode, JsonNode, JsonNode> {

    /** One mapping, with the target's and source's segments split once rather than per record. */
    private record Mapping(JsonFieldPath target, JsonFieldPath source, String[] targetSegments,
            String[] sourceSegments) {

        Mapping(JsonFieldPath target, JsonFieldPath source) {
            this(target, source, segments(target), segments(source));
        }

        @Override
        public String toString() {
            return target + "=" + source;
        }
    }

    private final List<Mapping> renames;
    private final List<Mapping> takes;
    private final JsonFieldPath into;
    private final String[] intoSegments;

    private FieldMerge(List<Mapping> renames, List<Mapping> takes, JsonFieldPath into) {
        this.renames = renames;
        this.takes = takes;
        this.into = into;
        this.intoSegments = into == null ? new String[0] : segments(into);
    }

    private static String[] segments(JsonFieldPath path) {
        return path.path().split("\\.");
    }

    /**
     * Parses the three parts.
     *
     * @param take result fields to copy, each {@code path} (target: the path's last field) or {@code target=path};
     *        empty for all of the result's fields
     * @param into the object field (dotted path, created when missing) the result's fields go under; empty for the
     *        top level
     * @param rename record fields to move first, each {@code target=source}
     * @throws IllegalArgumentException naming the bad entry
     */
    public static FieldMerge of(List<String> take, String into, List<String> rename) {
        List<Mapping> renames = new ArrayList<>();
        for (String entry : rename) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("rename entry '" + entry + "' must be 'target=source', e.g. "
                        + "'company_name=company_info.name'");
            }
            renames.add(new Mapping(path(entry.substring(0, eq), entry), path(entry.substring(eq + 1), entry)));
        }
        List<Mapping> takes = new ArrayList<>();
        for (String entry : take) {
            int eq = entry.indexOf('=');
            JsonFieldPath source = path(eq < 0 ? entry : entry.substring(eq + 1), entry);
            String target = eq < 0 ? lastSegment(source.path()) : entry.substring(0, eq);
            takes.add(new Mapping(path(target, entry), source));
        }
        String intoText = into.strip();
        return new FieldMerge(List.copyOf(renames), List.copyOf(takes), intoText.isEmpty() ? null : path(intoText, into));
    }

    private static JsonFieldPath path(String text, String entry) {
        try {
            return JsonFieldPath.of(text.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("field mapping '" + entry + "' is invalid: " + ex.getMessage(), ex);
        }
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /**
     * The record with the result merged in: {@code record} itself, modified.
     *
     * @throws IllegalArgumentException if the record is not a JSON object, or a target path runs through a field
     *         that is not an object
     */
    @Override
    public JsonNode apply(JsonNode record, JsonNode result) {
        if (!record.isObject()) {
            throw new IllegalArgumentException("cannot merge into a record that is not a JSON object");
        }
        ObjectNode out = (ObjectNode) record;
        for (Mapping rename : renames) {
            JsonNode moved = remove(out, rename.sourceSegments());
            if (moved != null) {
                set(out, rename.target(), rename.targetSegments(), moved);
            }
        }
        ObjectNode target = into == null ? out : objectAt(out, into, intoSegments);
        if (takes.isEmpty()) {
            if (result.isObject()) {
                for (Map.Entry<String, JsonNode> field : result.properties()) {
                    target.set(field.getKey(), field.getValue().deepCopy());
                }
            }
            return out;
        }
        for (Mapping take : takes) {
            JsonNode value = take.source().find(result);
            if (value != null) {
                set(target, take.target(), take.targetSegments(), value.deepCopy());
            }
        }
        return out;
    }

    /** Removes the field at {@code path}, and any object the removal leaves empty; returns the removed value. */
    private static JsonNode remove(ObjectNode root, String[] segments) {
        List<ObjectNode> parents = new ArrayList<>();
        ObjectNode node = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = node.get(segments[i]);
            if (child == null || !child.isObject()) {
                return null;
            }
            parents.add(node);
            node = (ObjectNode) child;
        }
        JsonNode removed = node.remove(segments[segments.length - 1]);
        for (int i = parents.size() - 1; i >= 0 && node.isEmpty(); i--) {
            parents.get(i).remove(segments[i]);
            node = parents.get(i);
        }
        return removed;
    }

    private static void set(ObjectNode root, JsonFieldPath path, String[] segments, JsonNode value) {
        ObjectNode parent = root;
        for (int i = 0; i < segments.length - 1; i++) {
            parent = child(parent, segments[i], path);
        }
        parent.set(segments[segments.length - 1], value);
    }

    private static ObjectNode objectAt(ObjectNode root, JsonFieldPath path, String[] segments) {
        ObjectNode node = root;
        for (String segment : segments) {
            node = child(node, segment, path);
        }
        return node;
    }

    private static ObjectNode child(ObjectNode parent, String name, JsonFieldPath path) {
        JsonNode child = parent.get(name);
        if (child == null || child.isNull()) {
            return parent.putObject(name);
        }
        if (!child.isObject()) {
            throw new IllegalArgumentException("cannot merge into '" + path + "': field '" + name
                    + "' of the record is not an object");
        }
        return (ObjectNode) child;
    }

    @Override
    public String toString() {
        return "FieldMerge[rename=" + renames + ", take=" + takes + ", into=" + into + "]";
    }
}
