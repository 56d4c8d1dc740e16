package io.tributary.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped serdes: UTF-8 strings, big-endian longs, raw bytes and JSON (Jackson 3).
 *
 * <p>The JSON serdes bind only to the type they are given; they never honour type names found in the
 * input, so a payload cannot make the runtime instantiate a class of its choosing.
 */
public final class Serdes {

    private static final JsonMapper DEFAULT_MAPPER = JsonMapper.builder().build();

    private static final Serde<JsonNode> JSON_NODE = new JsonSerde<>(DEFAULT_MAPPER, JsonNode.class);

    private Serdes() {
    }

    /** The mapper shared by the JSON serdes that are not given one. */
    public static JsonMapper defaultJsonMapper() {
        return DEFAULT_MAPPER;
    }

    /** UTF-8 strings. */
    public static Serde<String> string() {
        return StringSerde.INSTANCE;
    }

    /** Longs as 8 big-endian bytes, so serialized order matches numeric order for non-negative values. */
    public static Serde<Long> longs() {
        return LongSerde.INSTANCE;
    }

    /** Bytes as they are. */
    public static Serde<byte[]> bytes() {
        return BytesSerde.INSTANCE;
    }

    /**
     * JSON trees with the default mapper, the default value type of processors; always the same instance, by which the
     * engine knows it may read a few fields of a record from its bytes instead (the mapper's parsing is known).
     */
    public static Serde<JsonNode> jsonNode() {
        return JSON_NODE;
    }

    /** JSON bound to {@code type} with the default mapper. */
    public static <T> Serde<T> json(Class<T> type) {
        return new JsonSerde<>(DEFAULT_MAPPER, type);
    }

    /** JSON bound to {@code type} with the given mapper. */
    public static <T> Serde<T> json(JsonMapper mapper, Class<T> type) {
        return new JsonSerde<>(mapper, type);
    }

    private enum StringSerde implements Serde<String> {
        INSTANCE;

        @Override
        public byte[] serialize(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String deserialize(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private enum LongSerde implements Serde<Long> {
        INSTANCE;

        @Override
        public byte[] serialize(Long value) {
            return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long deserialize(byte[] bytes) {
            if (bytes.length != Long.BYTES) {
                throw new SerdeException("expected 8 bytes for a long, got " + bytes.length);
            }
            return ByteBuffer.wrap(bytes).getLong();
        }
    }

    private enum BytesSerde implements Serde<byte[]> {
        INSTANCE;

        @Override
        public byte[] serialize(byte[] value) {
            return value;
        }

        @Override
        public byte[] deserialize(byte[] bytes) {
            return bytes;
        }
    }
}
