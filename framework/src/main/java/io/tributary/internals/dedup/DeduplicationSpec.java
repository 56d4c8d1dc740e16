package io.tributary.internals.dedup;

import io.tributary.api.KeySelector;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OutputTag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Everything the deduplication operator needs, validated and in milliseconds, from a
 * {@link io.tributary.dedup.Deduplication}; creates one operator per task.
 *
 * @param scopeMillis how long a key is remembered after its first occurrence
 * @param processingTime whether the scope runs on the processing clock instead of the watermark
 * @param keepLast whether the last occurrence is emitted when the scope closes, instead of the first at once
 * @param duplicates where duplicates go unchanged; {@code null} to drop (and count) them
 * @param outputKey reads the key of output records from a value; {@code null} to key them by the dedup key
 */
public record DeduplicationSpec(long scopeMillis, boolean processingTime, boolean keepLast,
        @Nullable OutputTag<?> duplicates, @Nullable KeySelector<JsonNode, String> outputKey) {

    /** A new operator instance, for one task. */
    public KeyedProcessFunction<String, JsonNode, JsonNode> newOperator() {
        return new DeduplicationOperator(this);
    }
}
