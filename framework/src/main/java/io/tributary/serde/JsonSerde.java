package io.tributary.serde;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON through Jackson 3, bound to one type.
 *
 * <p>Thread-safe. Malformed input raises {@link SerdeException} with Jackson's description of the problem.
 *
 * @param <T> the bound type
 */
public final class JsonSerde<T> implements Serde<T> {

    private final JsonMapper mapper;
    private final Class<T> type;

    public JsonSerde(JsonMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = type;
    }

    @Override
    public byte[] serialize(T value) {
        try {
            return mapper.writeValueAsBytes(value);
        }
        catch (JacksonException ex) {
            throw new SerdeException("cannot write " + type.getSimpleName() + " as JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public T deserialize(byte[] bytes) {
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new SerdeException("empty JSON payload where " + type.getSimpleName() + " was expected");
            }
            return value;
        }
        catch (JacksonException ex) {
            throw new SerdeException("malformed JSON for " + type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
        }
    }

    /** The type this serde binds to. */
    public Class<T> type() {
        return type;
    }
}
