package io.tributary.samples.stockticker;

import io.tributary.annotation.WindowedAggregation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The {@code tumbling} pipeline with its {@code late} output: the highest price and the tick count per symbol of
 * the deduplicated ticks, in event-time windows of 10 minutes, with a watermark 3 minutes behind the highest event
 * time. Ticks too late for their window (the watermark had reached its end - 1 ms) go to {@code stock_ticker_late},
 * unchanged.
 */
@Component
@ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('tumbling')")
public class TumblingPipeline {

    @WindowedAggregation(name = "tumbling", sources = "stock_ticker_dedup", output = "stock_max_price_tumbling",
            keyField = "symbol", timestampField = "timestamp", size = "10m", maxOutOfOrderness = "3m",
            lateTopic = "stock_ticker_late", deadLetterTopic = "stock_ticker_dlt",
            aggregations = { "max(price)", "count" })
    void maxPrice() {
    }
}
