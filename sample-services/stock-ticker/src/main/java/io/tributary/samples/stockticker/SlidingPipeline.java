package io.tributary.samples.stockticker;

import io.tributary.annotation.WindowType;
import io.tributary.annotation.WindowedAggregation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The {@code sliding} pipeline: the highest price and the tick count per symbol of the deduplicated ticks, in
 * event-time windows of 10 minutes starting every 5 minutes, with a watermark 3 minutes behind the highest event
 * time.
 */
@Component
@ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('sliding')")
public class SlidingPipeline {

    @WindowedAggregation(name = "sliding", sources = "stock_ticker_dedup", output = "stock_max_price_sliding",
            keyField = "symbol", timestampField = "timestamp", window = WindowType.SLIDING, size = "10m",
            slide = "5m", maxOutOfOrderness = "3m", deadLetterTopic = "stock_ticker_dlt",
            aggregations = { "max(price)", "count" })
    void maxPrice() {
    }
}
