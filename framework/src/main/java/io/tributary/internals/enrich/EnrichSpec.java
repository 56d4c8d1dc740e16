package io.tributary.internals.enrich;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.enrich.AsyncLookup;
import io.tributary.enrich.EnrichmentOrder;
import io.tributary.enrich.EnrichmentResources;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything an enrichment's operators share, validated by the builder: the lookup, the merge, order, capacity and
 * what to do with a failed record. {@link #newOperator()} is the processor's function factory. Immutable.
 */
public final class EnrichSpec {

    /** The resilience4j instance names to apply; {@code null} skips that part. */
    public record Resilience(@Nullable String circuitBreaker, @Nullable String retry, @Nullable String rateLimiter,
            @Nullable String bulkhead, @Nullable String timeLimiter) {
    }

    /** How results are looked up: a URL template or a custom lookup, exactly one of them. */
    public record Source(@Nullable UrlTemplate url, @Nullable AsyncLookup lookup, Duration requestTimeout) {
    }

    private final Enricher enricher;
    private final BiFunction<JsonNode, JsonNode, JsonNode> merge;
    private final EnrichmentOrder order;
    private final int capacity;
    private final String failureTopic;
    private final @Nullable Duration retryLater;
    private final ScheduledExecutorService scheduler;

    /**
     * @param cacheTtl how long a looked-up result is reused; {@code null} for no cache
     * @param coalesce whether concurrent lookups of one key share one call (the cache does so anyway)
     * @param failureTopic where failed records go (unused when {@code retryLater} is set)
     * @param retryLater when set, a failed record is looked up again after this delay instead, until it succeeds
     */
    public EnrichSpec(Source source, EnrichmentResources resources, Resilience resilience, long cacheSize,
            @Nullable Duration cacheTtl, boolean coalesce, BiFunction<JsonNode, JsonNode, JsonNode> merge, EnrichmentOrder order,
            int capacity, String failureTopic, @Nullable Duration retryLater, JsonMapper mapper) {
        ResilientCall call = new ResilientCall(
                resilience.circuitBreaker() == null ? null : resources.circuitBreakers().circuitBreaker(resilience.circuitBreaker()),
                resilience.retry() == null ? null : resources.retries().retry(resilience.retry()),
                resilience.rateLimiter() == null ? null : resources.rateLimiters().rateLimiter(resilience.rateLimiter()),
                resilience.bulkhead() == null ? null : resources.bulkheads().bulkhead(resilience.bulkhead()),
                resilience.timeLimiter() == null ? null : resources.timeLimiters().timeLimiter(resilience.timeLimiter()),
                resources.scheduler());
        this.enricher = new Enricher(source.url(), source.lookup(), resources.httpClient(), source.requestTimeout(),
                mapper, call, cacheSize, cacheTtl, coalesce);
        this.merge = merge;
        this.order = order;
        this.capacity = capacity;
        this.failureTopic = failureTopic;
        this.retryLater = retryLater;
        this.scheduler = resources.scheduler();
    }

    public KeyedProcessFunction<String, JsonNode, JsonNode> newOperator() {
        return new EnrichOperator(this);
    }

    Enricher enricher() {
        return enricher;
    }

    BiFunction<JsonNode, JsonNode, JsonNode> merge() {
        return merge;
    }

    EnrichmentOrder order() {
        return order;
    }

    int capacity() {
        return capacity;
    }

    String failureTopic() {
        return failureTopic;
    }

    @Nullable Duration retryLater() {
        return retryLater;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
