package io.tributary.internals.window;

import java.util.List;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OutputTag;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.serde.Serde;
import io.tributary.window.AggregateFunction;
import io.tributary.window.SessionWindows;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowAssigner;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Everything the window operator needs, validated and in milliseconds, from a
 * {@link io.tributary.window.WindowedAggregation}; creates one operator per task.
 *
 * @param assigner the windows
 * @param processingTime whether windows follow the processing clock instead of event time
 * @param allowedLatenessMillis how long after a window fired late records still update it (event time only)
 * @param earlyIntervalMillis how often open windows that changed are emitted early; 0 for never
 * @param lateRecords where records too late for all their windows go; {@code null} to drop (and count) them
 * @param keyPaths the key fields, read from a window's first record for the output
 * @param keyNames the output names of the key fields
 * @param function the aggregate function
 * @param accumulatorSerde how its accumulator is stored
 * @param <ACC> the accumulator type
 */
public record WindowOperatorSpec<ACC>(WindowAssigner assigner, boolean processingTime, long allowedLatenessMillis,
        long earlyIntervalMillis, @Nullable OutputTag<?> lateRecords, List<JsonFieldPath> keyPaths,
        List<String> keyNames, AggregateFunction<JsonNode, ACC, ?> function, Serde<ACC> accumulatorSerde) {

    public WindowOperatorSpec {
        keyPaths = List.copyOf(keyPaths);
        keyNames = List.copyOf(keyNames);
    }

    /** A new operator instance, for one task. */
    public KeyedProcessFunction<String, JsonNode, JsonNode> newOperator() {
        if (assigner instanceof TumblingWindows tumbling) {
            return new SlidingWindowOperator<>(this, tumbling.size().toMillis(), tumbling.size().toMillis(),
                    tumbling.offset().toMillis());
        }
        if (assigner instanceof SlidingWindows sliding) {
            return new SlidingWindowOperator<>(this, sliding.size().toMillis(), sliding.slide().toMillis(),
                    sliding.offset().toMillis());
        }
        return new SessionWindowOperator<>(this, ((SessionWindows) assigner).gap().toMillis());
    }
}
