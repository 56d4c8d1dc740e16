package io.tributary.internals.dedup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.tributary.api.KeySelector;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys a record by its whole JSON value: the SHA-256 (hex) of the value written compactly with object
 * properties sorted, so values that differ only in whitespace or property order are the same key, and the key
 * stays 64 characters however large the value. Stateless and thread-safe.
 */
public final class WholeValueKeySelector implements KeySelector<JsonNode, String> {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    @Override
    public @Nullable String selectKey(byte @Nullable [] recordKey, JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        return HexFormat.of().formatHex(sha256().digest(CANONICAL.writeValueAsBytes(value)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            // every Java platform is required to provide SHA-256
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "Deduplication.wholeValue()";
    }
}
