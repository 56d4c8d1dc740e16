package io.tributary.samples.stockticker;

import io.tributary.annotation.Deduplicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The {@code dedup} pipeline: {@code stock_ticker} -> {@code stock_ticker_dedup}. The first tick of each
 * (symbol, timestamp) passes unchanged, keyed by its symbol; later ones are dropped and counted
 * ({@code tributary.records.duplicate}). A key is remembered until the watermark (highest event time - 3 min -
 * 1 ms) passes its timestamp + 10 minutes, then its state is deleted by a timer. Ticks that do not parse or lack
 * {@code symbol} or {@code timestamp} go to {@code stock_ticker_dlt}.
 */
@Component
@ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('dedup')")
public class DedupPipeline {

    @Deduplicate(name = "dedup", sources = "stock_ticker", output = "stock_ticker_dedup",
            keyFields = "symbol,timestamp", timestampField = "timestamp", scope = "10m", maxOutOfOrderness = "3m",
            deadLetterTopic = "stock_ticker_dlt")
    void dedup() {
    }
}
