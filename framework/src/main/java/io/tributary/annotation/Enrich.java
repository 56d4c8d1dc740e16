package io.tributary.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.tributary.enrich.EnrichmentOrder;

/**
 * Declares a bean method as an asynchronous enrichment of JSON records, the annotation form of
 * {@link io.tributary.enrich.Enrichment#builder} with the same semantics (never blocking, capacity, order,
 * resilience4j, cache, failures, exactly-once: see that class). It has two forms.
 *
 * <p><b>Declarative</b>: {@link #url()} is set and the method is {@code void}, takes no parameters and is never
 * called; each record is looked up with an HTTP GET of the URL:
 *
 * <pre>{@code
 * @Enrich(name = "enrich", sources = "stock_ticker", output = "stock_ticker_enriched",
 *         keyFields = "symbol", timestampField = "timestamp",
 *         url = "${ticker.company-api.base-url}/companies/{symbol}",
 *         rename = { "company_name=company_info.name", "employees_count=company_info.employees_count" },
 *         take = { "sector", "rating" },
 *         circuitBreaker = "company-api", retry = "company-api", failuresTopic = "stock_ticker_enrich_dlt")
 * void enrich() {
 * }
 * }</pre>
 *
 * <p><b>Custom</b>: {@link #url()} is empty and the method makes the call itself. It receives the record's JSON value,
 * and optionally first the processor key ({@link #keyFields()}, or the record key), and returns at once a
 * {@code CompletableFuture<T>} (any {@code CompletionStage<T>}) or, when Reactor is on the class path, a
 * {@code Mono<T>}, which it must not have subscribed to:
 *
 * <pre>{@code
 * @Enrich(name = "quotes", sources = "orders", output = "orders_priced", keyFields = "symbol", into = "quote")
 * CompletableFuture<Quote> quote(String symbol, JsonNode order) {
 *     return quoteClient.latest(symbol);                // non-blocking
 * }
 * }</pre>
 *
 * <p>The result is turned into JSON (a {@code JsonNode} as it is; anything else by Jackson, so a record, bean or
 * {@code Map} works) and merged as a GET's response would be: {@link #rename()}, then {@link #take()} /
 * {@link #into()}, by default every field at the top level. A {@code null} result or an empty {@code Mono} adds
 * nothing. A stage completing exceptionally, or the method throwing, is a failed lookup: retried and counted by the
 * resilience4j instances named, then the record goes to {@link #failuresTopic()}. The method is called on processor
 * threads, several at once, once per attempt (again after a crash for records in flight); it must not block.
 *
 * <p>Every String attribute may hold {@code ${...}} placeholders, resolved when the processor is built; a placeholder
 * left unresolved in {@link #url()} fails start-up naming it. Durations are written {@code 100ms}, {@code 10s},
 * {@code 3m}, {@code 1h}, {@code 2d} or in ISO-8601 ({@code PT3M}). Everything is validated by
 * {@link AnnotatedProcessors#definitionsOf}, so a bad attribute fails at startup with a message naming the processor,
 * the attribute and the fix.
 *
 * @see AnnotatedProcessors
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Enrich {

    /** The processor's name, 1-100 characters of {@code [A-Za-z0-9._-]}; also names its consumer group. */
    String name();

    /** The source topics; an entry may also list several topics separated by commas. */
    String[] sources();

    /** The topic enriched records go to. */
    String output();

    /**
     * The processor key: dotted JSON paths separated by commas, joined by {@code |}; it keys outputs, orders
     * {@link EnrichmentOrder#PER_KEY} and is what a custom method receives. Empty for the record key.
     */
    String keyFields() default "";

    /** The dotted JSON path of the event time outputs are stamped with; empty for the Kafka record timestamp. */
    String timestampField() default "";

    /** How far behind the highest event time seen a record may be and still be on time. */
    String maxOutOfOrderness() default "0ms";

    /**
     * The absolute http(s) URL to GET for each record, whose {@code {field}} variables (dotted JSON paths) are filled,
     * percent-encoded, from the record; the response must be JSON. Empty when the method makes the call.
     */
    String url() default "";

    /**
     * Fields of the result to add, each {@code path} (added under its last field name) or {@code target=path}; an
     * entry may list several, comma-separated. Empty: every field of the result.
     */
    String[] take() default {};

    /**
     * Fields of the record to move before the result is added, each {@code target=source} (e.g.
     * {@code company_name=company_info.name}); an object the moves leave empty is removed. An entry may list several,
     * comma-separated.
     */
    String[] rename() default {};

    /** An object field (created when missing) to add the result's fields under; empty for the top level. */
    String into() default "";

    /** In which order results are emitted. */
    EnrichmentOrder order() default EnrichmentOrder.ORDERED;

    /** The most records in flight per partition task; when that many are, the partition is paused. */
    String capacity() default "100";

    /** The HTTP time-out of each request of the declarative form (each attempt). */
    String requestTimeout() default "10s";

    /** The resilience4j circuit breaker guarding the lookups, by instance name; empty for none. */
    String circuitBreaker() default "";

    /** The resilience4j retry of failed lookups, by instance name; empty for none. */
    String retry() default "";

    /** The resilience4j rate limiter pacing the lookups, by instance name; empty for none. */
    String rateLimiter() default "";

    /** The resilience4j (semaphore) bulkhead bounding concurrent lookups, by instance name; empty for none. */
    String bulkhead() default "";

    /** The resilience4j time limiter timing each attempt out, by instance name; empty for none. */
    String timeLimiter() default "";

    /** How long a result is reused for the same URL (custom form: the same key); empty for no cache. */
    String cacheTtl() default "";

    /** The most results the cache keeps; used only with {@link #cacheTtl()}. */
    String cacheSize() default "10000";

    /**
     * Whether records whose lookup has the same URL (custom form: the same key) share one request while it runs;
     * nothing is kept after it completes. See {@link io.tributary.enrich.Enrichment.Builder#coalesce()}.
     */
    boolean coalesce() default false;

    /**
     * Where records whose lookup failed (after retries, or refused by an open circuit) go, unchanged, with reason
     * headers; empty for the dead-letter topic. Must be empty with {@link #retryLater()}.
     */
    String failuresTopic() default "";

    /** When set, a failed record is looked up again after this delay, until it succeeds, instead of sent away. */
    String retryLater() default "";

    /** Where unreadable records, and those lacking a field the URL needs, go; empty for {@code <first source>-dlt}. */
    String deadLetterTopic() default "";

    /** Whether to route records through an internal topic keyed by {@link #keyFields()}, when sources are not. */
    boolean repartition() default false;
}
