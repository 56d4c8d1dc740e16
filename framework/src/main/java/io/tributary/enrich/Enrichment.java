package io.tributary.enrich;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

import io.tributary.api.JsonOperatorBuilder;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.enrich.EnrichSpec;
import io.tributary.internals.enrich.FieldMerge;
import io.tributary.internals.enrich.UrlTemplate;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.topics.TopicNames;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Asynchronous enrichment of JSON records, Flink's Async I/O with exactly-once output, built into a
 * {@link ProcessorDefinition} by {@link #builder}:
 *
 * <pre>{@code
 * ProcessorDefinition<String, JsonNode, JsonNode> enrich = Enrichment.builder("enrich")
 *         .source("stock_ticker").output("stock_ticker_enriched")
 *         .keyBy("symbol").eventTime("timestamp")
 *         .get("http://companies:8080/companies/{symbol}")      // GET, {field} filled from the record
 *         .rename("company_name=company_info.name", "employees_count=company_info.employees_count")
 *         .take("sector", "rating")                              // fields of the response to add
 *         .capacity(100).order(EnrichmentOrder.ORDERED)
 *         .circuitBreaker("company-api").retry("company-api")  // resilience4j instances, by name
 *         .coalesce()                                            // same URL in flight: one request
 *         .cache(10_000, Duration.ofMinutes(5))
 *         .failuresTo("stock_ticker_enrich_dlt")
 *         .build();
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li><b>Never blocking</b>: the lookup (a GET through the {@link EnrichmentResources}' {@link EnrichmentHttpClient}, or an
 *     {@link AsyncLookup}) runs while the stream moves on. At most {@link Builder#capacity} records per partition
 *     task are in flight; when that many are, the partition is paused ({@code consumer.pause}) until results come
 *     back; the consumer thread keeps polling, so {@code max.poll.interval.ms} is never exceeded.</li>
 * <li><b>Order</b>: {@link EnrichmentOrder}: ordered (input order per partition), unordered (as soon as ready) or
 *     per key.</li>
 * <li><b>Output</b>: the record with the result merged in ({@link Builder#rename}, {@link Builder#take},
 *     {@link Builder#into}, or a function {@link Builder#merge}), keyed by the processor key and stamped with the
 *     record's event time.</li>
 * <li><b>Resilience</b>: the resilience4j instances named in {@link Builder#circuitBreaker}, {@link Builder#retry},
 *     {@link Builder#rateLimiter}, {@link Builder#bulkhead} and {@link Builder#timeLimiter}, taken from the
 *     {@link EnrichmentResources}' registries and configured there (with Spring Boot: {@code resilience4j.*}
 *     properties), applied as Retry(CircuitBreaker(RateLimiter(TimeLimiter(Bulkhead(call))))). Every request also
 *     has the HTTP time-out {@link Builder#requestTimeout}.</li>
 * <li><b>Failure</b>: when the lookup fails after its retries, or the circuit is open, the original record goes,
 *     unchanged, to {@link Builder#failuresTo} (default: the dead-letter topic) with headers
 *     {@code tributary-dlt-reason} ({@code enrichment-failed}, {@code circuit-open}, {@code rate-limited},
 *     {@code bulkhead-full}), {@code tributary-enrich-attempts}, {@code tributary-enrich-status} (the last HTTP
 *     status, when there was one) and Spring Kafka's {@code kafka_dlt-*}; or, with {@link Builder#retryLater}, it
 *     is looked up again after a delay until it succeeds, holding back later offsets meanwhile. Records that cannot
 *     be read, or lack a field the URL needs, go to the dead-letter topic as for any processor.</li>
 * <li><b>Exactly-once</b>: outputs and dead letters are written in the runtime's transactions; the input offset is
 *     committed only up to the oldest record whose result is not yet emitted. After a crash, records in flight are
 *     read and looked up again (a call may repeat), and a {@code read_committed} reader sees each output once.</li>
 * <li><b>Cache</b>: with {@link Builder#cache}, results are kept per URL (or per key with an {@link AsyncLookup}),
 *     bounded, for a time to live (Caffeine); concurrent lookups of one key share one request. Failures are not
 *     cached.</li>
 * <li><b>Coalescing</b>: with {@link Builder#coalesce}, and no cache, concurrent lookups of one key share one
 *     request, and nothing is kept after it completes.</li>
 * <li><b>Metrics</b>: records in flight, lookup latency and outcomes (ok, retried, failed, circuit open, cache hit)
 *     in the processor's status ({@link io.tributary.api.ProcessorStatus#enrichment()}).</li>
 * </ul>
 */
public final class Enrichment {

    /** Header of a failed record: the number of attempts its lookup made. */
    public static final String ATTEMPTS_HEADER = "tributary-enrich-attempts";

    /** Header of a failed record: the last HTTP status its lookup received, when it received one. */
    public static final String STATUS_HEADER = "tributary-enrich-status";

    /**
     * The side output that names {@link Builder#failuresTo}'s topic in the definition, so the runtime creates that
     * topic with the others; failed records are written to it unchanged, as dead letters.
     */
    public static final OutputTag<JsonNode> FAILURES = OutputTag.of("enrichment-failures", Serdes.jsonNode());

    private Enrichment() {
    }

    /** Starts an enrichment; {@code name} names the processor (its consumer group, metrics). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds an enrichment; setters validate their argument and {@link #build()} checks that the parts fit, so a bad
     * configuration fails at startup with a message naming the setting. Not thread-safe.
     */
    public static final class Builder extends JsonOperatorBuilder<Builder> {

        private @Nullable UrlTemplate url;
        private @Nullable AsyncLookup lookup;
        private final List<String> take = new ArrayList<>();
        private final List<String> rename = new ArrayList<>();
        private String into = "";
        private @Nullable BiFunction<JsonNode, JsonNode, JsonNode> merge;
        private EnrichmentOrder order = EnrichmentOrder.ORDERED;
        private int capacity = 100;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private EnrichmentResources resources = EnrichmentResources.shared();
        private @Nullable String circuitBreaker;
        private @Nullable String retry;
        private @Nullable String rateLimiter;
        private @Nullable String bulkhead;
        private @Nullable String timeLimiter;
        private long cacheSize;
        private @Nullable Duration cacheTtl;
        private boolean coalesce;
        private @Nullable String failureTopic;
        private @Nullable Duration retryLater;

        private Builder(String name) {
            super(name);
        }

        /**
         * The processor key: the values of these JSON fields (dotted paths, joined by {@code |}); it keys outputs,
         * orders {@link EnrichmentOrder#PER_KEY} and is what an {@link AsyncLookup} receives. Default: the record key.
         */
        @Override
        public Builder keyBy(String... fieldPaths) {
            return super.keyBy(fieldPaths);
        }

        /**
         * Looks records up with an HTTP GET of {@code urlTemplate}, an absolute http(s) URL whose {@code {field}}
         * variables (dotted JSON paths) are filled, percent-encoded, from the record; the response must be JSON.
         */
        public Builder get(String urlTemplate) {
            this.url = UrlTemplate.parse(urlTemplate);
            return this;
        }

        /** Looks records up with {@code lookup} instead of an HTTP GET. */
        public Builder lookup(AsyncLookup lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * Fields of the result to add to the record: each {@code path} (added under the path's last field name) or
         * {@code target=path}. None: every field of the result.
         */
        public Builder take(String... fields) {
            take.addAll(List.of(fields));
            return this;
        }

        /** An object field (created when missing) to add the result's fields under; default the top level. */
        public Builder into(String fieldPath) {
            JsonFieldPath.of(fieldPath);
            this.into = fieldPath;
            return this;
        }

        /**
         * Moves fields of the record before the result is added, each {@code target=source}, e.g.
         * {@code company_name=company_info.name}; an object the moves leave empty is removed (flattening it).
         */
        public Builder rename(String... mappings) {
            rename.addAll(List.of(mappings));
            return this;
        }

        /**
         * Merges with {@code merge(record, result)} instead of {@link #take}/{@link #into}/{@link #rename}; it must
         * not modify its arguments. Called on a processor thread.
         */
        public Builder merge(BiFunction<JsonNode, JsonNode, JsonNode> merge) {
            this.merge = Objects.requireNonNull(merge, "merge");
            return this;
        }

        /** In which order results are emitted; default {@link EnrichmentOrder#ORDERED}. */
        public Builder order(EnrichmentOrder order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /** The most records in flight per partition task; default 100. */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity of enrichment '" + name() + "' must be at least 1, got "
                        + capacity + "; set it to e.g. 100");
            }
            this.capacity = capacity;
            return this;
        }

        /** The HTTP time-out of each request (each attempt); default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout of enrichment '" + name() + "' must be positive, got "
                        + timeout + "; set it to e.g. 2s");
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** The HTTP client, resilience4j registries and scheduler to use; default {@link EnrichmentResources#shared()}. */
        public Builder resources(EnrichmentResources resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        /** The resilience4j circuit breaker of this name guards the lookups. */
        public Builder circuitBreaker(String instance) {
            this.circuitBreaker = instanceName(instance, "circuitBreaker");
            return this;
        }

        /** The resilience4j retry of this name retries failed lookups (its backoff and jitter are its interval function). */
        public Builder retry(String instance) {
            this.retry = instanceName(instance, "retry");
            return this;
        }

        /** The resilience4j rate limiter of this name paces the lookups (waiting never blocks a thread). */
        public Builder rateLimiter(String instance) {
            this.rateLimiter = instanceName(instance, "rateLimiter");
            return this;
        }

        /** The resilience4j (semaphore) bulkhead of this name bounds concurrent lookups across tasks. */
        public Builder bulkhead(String instance) {
            this.bulkhead = instanceName(instance, "bulkhead");
            return this;
        }

        /** The resilience4j time limiter of this name times each attempt out. */
        public Builder timeLimiter(String instance) {
            this.timeLimiter = instanceName(instance, "timeLimiter");
            return this;
        }

        /** Keeps up to {@code maximumSize} results for {@code ttl} after they were fetched. */
        public Builder cache(long maximumSize, Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (maximumSize < 1 || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("cache of enrichment '" + name() + "' needs a positive size and "
                        + "time to live, got " + maximumSize + " and " + ttl + "; use e.g. cache(10_000, 5 minutes)");
            }
            this.cacheSize = maximumSize;
            this.cacheTtl = ttl;
            return this;
        }

        /**
         * Lets records whose lookup has the same URL (with an {@link AsyncLookup}: the same key) share one request
         * while it runs: a record whose key is already being looked up waits for that request instead of sending
         * its own, and gets its result, or its failure (each such record is dead-lettered with the attempts and
         * status of the shared request). Nothing is kept once the request completes: the next record of the key
         * sends a new one; use {@link #cache} to reuse results. Off by default, as a lookup whose answer depends on
         * more than the URL (or key) must not be shared; each record still takes its own place in
         * {@link #capacity}.
         */
        public Builder coalesce() {
            this.coalesce = true;
            return this;
        }

        /** Where records whose lookup failed go, unchanged, with headers; default the dead-letter topic. */
        public Builder failuresTo(String topic) {
            this.failureTopic = TopicNames.require(topic, "failures");
            return this;
        }

        /** Looks a failed record up again after {@code delay}, until it succeeds, instead of sending it away. */
        public Builder retryLater(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("retryLater of enrichment '" + name() + "' must be positive, got "
                        + delay + "; set it to e.g. 30s");
            }
            this.retryLater = delay;
            return this;
        }

        private String instanceName(String instance, String what) {
            Objects.requireNonNull(instance, what);
            if (instance.isBlank()) {
                throw new IllegalArgumentException(what + " of enrichment '" + name()
                        + "' must name a resilience4j instance, got '" + instance + "'; e.g. company-api");
            }
            return instance.strip();
        }

        /**
         * The processor definition running this enrichment.
         *
         * @throws IllegalStateException if a required part is missing or parts contradict each other
         */
        public ProcessorDefinition<String, JsonNode, JsonNode> build() {
            String what = "enrichment '" + name() + "'";
            requireSourcesAndOutput(what);
            if ((url == null) == (lookup == null)) {
                throw new IllegalStateException(what + (url == null ? " has no lookup; call get(\"http://host/{field}\")"
                        + " or lookup(...)" : " sets both get(...) and lookup(...); keep one"));
            }
            if (merge != null && (!take.isEmpty() || !rename.isEmpty() || !into.isEmpty())) {
                throw new IllegalStateException(what + " sets merge(...) and take/rename/into; keep one way to merge");
            }
            if (retryLater != null && failureTopic != null) {
                throw new IllegalStateException(what + " sets both retryLater(...) and failuresTo(...); keep one");
            }
            BiFunction<JsonNode, JsonNode, JsonNode> merger;
            try {
                merger = merge != null ? merge : FieldMerge.of(take, into, rename);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalStateException(what + ": " + ex.getMessage(), ex);
            }
            String deadLetters = deadLetterTopicOrDefault();
            EnrichSpec spec = new EnrichSpec(new EnrichSpec.Source(url, lookup, requestTimeout), resources,
                    new EnrichSpec.Resilience(circuitBreaker, retry, rateLimiter, bulkhead, timeLimiter), cacheSize,
                    cacheTtl, coalesce, merger, order, capacity, failureTopic != null ? failureTopic : deadLetters, retryLater,
                    Serdes.defaultJsonMapper());
            KeySelector<JsonNode, String> key = keyPaths().isEmpty() ? KeySelectors.recordKey()
                    : KeySelectors.fields(keyPaths().toArray(String[]::new));
            ProcessorDefinition.Builder<String, JsonNode, JsonNode> definition = definition(what, key)
                    .function(spec::newOperator);
            if (failureTopic != null) {
                definition.sideOutput(FAILURES, failureTopic);
            }
            return definition.build();
        }
    }
}
