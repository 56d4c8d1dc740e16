package io.tributary.samples.stockticker;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.tributary.annotation.KeyedProcessor;
import io.tributary.annotation.OnTimer;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code dedup} pipeline: {@code stock_ticker} -> {@code stock_ticker_dedup}. The first tick of each
 * (symbol, timestamp) passes unchanged, keyed by its symbol; later ones are dropped and counted. A key is
 * remembered until the watermark passes its timestamp + 10 minutes. Ticks that do not parse or lack
 * {@code symbol} or {@code timestamp} go to {@code stock_ticker_dlt}.
 *
 * <p>Called concurrently by the processor's tasks; the seen-flags live in Tributary state, so they are
 * checkpointed with the output and survive crashes and rebalances.
 */
@Component
@ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('dedup')")
public class DedupPipeline {

    /** How long after its event time a (symbol, timestamp) is remembered, in event time. */
    static final Duration RETENTION = Duration.ofMinutes(10);

    private static final ValueStateDescriptor<Boolean> SEEN = ValueStateDescriptor.of("seen", Boolean.class);

    private final LongAdder duplicatesDropped = new LongAdder();

    @KeyedProcessor(name = "dedup", sources = "stock_ticker", output = "stock_ticker_dedup",
            keyField = "symbol,timestamp", timestampField = "timestamp", maxOutOfOrderness = "3m",
            deadLetterTopic = "stock_ticker_dlt")
    public void dedup(JsonNode tick, ProcessContext<String, Object> ctx) {
        ValueState<Boolean> seen = ctx.state(SEEN);
        if (seen.value() != null) {
            duplicatesDropped.increment();
            return;
        }
        seen.update(Boolean.TRUE);
        ctx.timerService().registerEventTimeTimer(ctx.timestamp().plus(RETENTION));
        ctx.emit(tick.get("symbol").asString(), tick, ctx.timestamp());
    }

    @OnTimer("dedup")
    public void forget(TimerContext<String, Object> ctx) {
        ctx.state(SEEN).update(null);
    }

    /**
     * Duplicates dropped by this instance since it started; a record reprocessed after a crash may be counted
     * twice, so this is a gauge for humans, not an exact figure.
     */
    public long duplicatesDropped() {
        return duplicatesDropped.sum();
    }
}
