package io.tributary.internals.window;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tributary.serde.Serde;
import io.tributary.serde.SerdeException;
import io.tributary.window.Aggregation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Aggregations.of(...)}: several aggregations computed side by side into one result object. The
 * accumulator is the list of the parts' accumulators, stored as each part's own bytes behind a length, so any
 * part serde can take part.
 */
public final class CompositeAggregation implements Aggregation<List<Object>> {

    private final List<Aggregation<Object>> parts;
    private final List<String> fieldNames;
    private final Serde<List<Object>> serde;

    @SuppressWarnings("unchecked")
    public CompositeAggregation(List<? extends Aggregation<?>> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Aggregations.of needs at least one aggregation; use e.g. "
                    + "Aggregations.of(Aggregations.max(\"price\"), Aggregations.count())");
        }
        List<Aggregation<Object>> typed = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Aggregation<?> part : parts) {
            if (part == null) {
                throw new NullPointerException("Aggregations.of got a null aggregation");
            }
            for (String name : part.fieldNames()) {
                if (!names.add(name)) {
                    throw new IllegalArgumentException("Aggregations.of got two aggregations writing field '" + name
                            + "' (" + parts + "); each result field may be written once, so drop one of them");
                }
            }
            typed.add((Aggregation<Object>) part);
        }
        this.parts = List.copyOf(typed);
        this.fieldNames = List.copyOf(names);
        this.serde = new PartsSerde(this.parts);
    }

    @Override
    public List<Object> createAccumulator() {
        List<Object> accumulators = new ArrayList<>(parts.size());
        for (Aggregation<Object> part : parts) {
            accumulators.add(part.createAccumulator());
        }
        return accumulators;
    }

    @Override
    public List<Object> add(JsonNode value, List<Object> accumulator) {
        // A new list, so that a part failing on this record leaves the stored accumulator as it was.
        List<Object> updated = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            updated.add(parts.get(i).add(value, accumulator.get(i)));
        }
        return updated;
    }

    @Override
    public ObjectNode getResult(List<Object> accumulator) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < parts.size(); i++) {
            result.setAll(parts.get(i).getResult(accumulator.get(i)));
        }
        return result;
    }

    @Override
    public List<Object> merge(List<Object> a, List<Object> b) {
        List<Object> merged = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            merged.add(parts.get(i).merge(a.get(i), b.get(i)));
        }
        return merged;
    }

    @Override
    public Serde<List<Object>> accumulatorSerde() {
        return serde;
    }

    @Override
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** The aggregations it combines, in order. */
    List<Aggregation<Object>> parts() {
        return parts;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Aggregations.of(");
        for (int i = 0; i < parts.size(); i++) {
            text.append(i > 0 ? ", " : "").append(parts.get(i));
        }
        return text.append(')').toString();
    }

    private record PartsSerde(List<Aggregation<Object>> parts) implements Serde<List<Object>> {

        @Override
        public byte[] serialize(List<Object> value) {
            byte[][] encoded = new byte[parts.size()][];
            int length = 0;
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = parts.get(i).accumulatorSerde().serialize(value.get(i));
                length += Integer.BYTES + encoded[i].length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(length);
            for (byte[] part : encoded) {
                buffer.putInt(part.length).put(part);
            }
            return buffer.array();
        }

        @Override
        public List<Object> deserialize(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            List<Object> value = new ArrayList<>(parts.size());
            for (Aggregation<Object> part : parts) {
                if (buffer.remaining() < Integer.BYTES) {
                    throw new SerdeException("combined accumulator is truncated: expected " + parts.size()
                            + " parts, found " + value.size() + "; was the aggregation changed while state was kept?");
                }
                int length = buffer.getInt();
                if (length < 0 || length > buffer.remaining()) {
                    throw new SerdeException("combined accumulator part " + value.size() + " claims " + length
                            + " bytes but " + buffer.remaining() + " remain");
                }
                byte[] encoded = new byte[length];
                buffer.get(encoded);
                value.add(part.accumulatorSerde().deserialize(encoded));
            }
            if (buffer.hasRemaining()) {
                throw new SerdeException("combined accumulator has " + buffer.remaining() + " bytes beyond its "
                        + parts.size() + " parts; was the aggregation changed while state was kept?");
            }
            return value;
        }
    }
}
