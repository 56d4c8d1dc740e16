package io.tributary.samples.stockticker;

import io.tributary.annotation.Enrich;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The {@code enrich} pipeline: {@code stock_ticker} -> {@code stock_ticker_enriched}. Each tick is looked up with an
 * asynchronous {@code GET {ticker.company-api.base-url}/companies/{symbol}} (answering
 * {@code {"symbol","sector","rating"}}) and flattened: {@code company_info.name} becomes {@code company_name},
 * {@code company_info.employees_count} becomes {@code employees_count}, {@code company_info} goes, {@code sector} and
 * {@code rating} are added. Outputs keep each partition's input order.
 *
 * <p>The resilience4j instances {@code company-api} (retry with backoff, circuit breaker) are configured by
 * {@code resilience4j.*} in {@code application.yml}. A tick whose lookup still fails, or is refused by the open
 * circuit, goes unchanged to {@code stock_ticker_enrich_dlt} with headers {@code tributary-dlt-reason},
 * {@code tributary-enrich-status} and {@code tributary-enrich-attempts}; a tick without {@code symbol} or
 * {@code timestamp} goes to {@code stock_ticker_dlt}.
 *
 * <p>{@code ticker.company-api.base-url} is required: without it (and outside dev mode, whose stub sets it) the bean
 * fails start-up saying how to set it or how to leave enrich out.
 */
@Component
@ConditionalOnExpression("'${ticker.pipelines:dedup,tumbling,sliding,enrich}'.contains('enrich')")
public class EnrichPipeline {

    static final String BASE_URL = "ticker.company-api.base-url";

    EnrichPipeline(Environment environment) {
        if (!StringUtils.hasText(environment.getProperty(BASE_URL))) {
            throw new IllegalStateException(BASE_URL + " is not set and ticker.pipelines includes enrich; set "
                    + BASE_URL + " to the company API's base URL (e.g. https://company-api.example.com, called as "
                    + "GET {base-url}/companies/{symbol}), or leave enrich out, e.g. "
                    + "ticker.pipelines=dedup,tumbling,sliding");
        }
    }

    @Enrich(name = "enrich", sources = "stock_ticker", output = "stock_ticker_enriched",
            keyFields = "symbol", timestampField = "timestamp",
            url = "${ticker.company-api.base-url}/companies/{symbol}",
            rename = { "company_name=company_info.name", "employees_count=company_info.employees_count" },
            take = { "sector", "rating" },
            capacity = "${ticker.company-api.capacity:100}", requestTimeout = "${ticker.company-api.timeout:2s}",
            circuitBreaker = "company-api", retry = "company-api", cacheTtl = "${ticker.company-api.cache-ttl:}",
            failuresTopic = "stock_ticker_enrich_dlt", deadLetterTopic = "stock_ticker_dlt")
    void enrich() {
    }
}
