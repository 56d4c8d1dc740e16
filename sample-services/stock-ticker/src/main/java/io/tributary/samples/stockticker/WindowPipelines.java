package io.tributary.samples.stockticker;

import java.time.Duration;

import io.tributary.api.ProcessorDefinition;
import io.tributary.window.Aggregations;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowedAggregation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The windowed pipelines of the contract, over the deduplicated ticks: the highest price and the tick count
 * per symbol in event-time windows of 10 minutes, with a watermark 3 minutes behind the highest event time.
 * {@code tumbling} sends ticks too late for their window (the watermark had reached its end - 1 ms) to
 * {@code stock_ticker_late}, unchanged.
 */
@Configuration(proxyBeanMethods = false)
public class WindowPipelines {

    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration SLIDE = Duration.ofMinutes(5);
    static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(3);

    @Bean
    @ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('tumbling')")
    ProcessorDefinition<String, JsonNode, JsonNode> tumblingMaxPrice() {
        return maxPricePer("tumbling", TumblingWindows.of(WINDOW), "stock_max_price_tumbling")
                .lateRecords("stock_ticker_late")
                .build();
    }

    @Bean
    @ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('sliding')")
    ProcessorDefinition<String, JsonNode, JsonNode> slidingMaxPrice() {
        return maxPricePer("sliding", SlidingWindows.of(WINDOW, SLIDE), "stock_max_price_sliding").build();
    }

    private static WindowedAggregation.Builder maxPricePer(String name, io.tributary.window.WindowAssigner windows,
            String output) {
        return WindowedAggregation.builder(name)
                .source("stock_ticker_dedup")
                .output(output)
                .keyBy("symbol")
                .eventTime("timestamp")
                .window(windows)
                .maxOutOfOrderness(OUT_OF_ORDERNESS)
                .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                .deadLetterTopic("stock_ticker_dlt");
    }
}
