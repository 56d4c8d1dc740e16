package io.tributary.enrich;

import java.net.http.HttpClient;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.tributary.internals.enrich.ApacheHttpGet;
import org.jspecify.annotations.Nullable;

/**
 * What enrichment processors share: the HTTP client, resilience4j's registries (an enrichment names its circuit
 * breaker, retry, rate limiter, bulkhead and time limiter; the registry supplies the instance, configured as that
 * registry configures it, e.g. by Spring Boot's {@code resilience4j.*} properties), and the scheduler that times
 * retries, rate-limiter waits and time-outs.
 *
 * <p>Immutable and thread-safe. Instances named alike in the same registry are one instance: two processors
 * naming circuit breaker {@code company-api} share its state. {@link #shared()} is a JVM-wide default with
 * resilience4j's default configurations, an HTTP/1.1 Apache HttpClient 5 async client (5 s connect time-out,
 * daemon I/O threads, see {@link EnrichmentHttpClient}) and a one-thread daemon scheduler; it is never closed. An
 * instance built without a client shares that default client (one pool of connections and I/O threads per JVM);
 * one built without a scheduler gets a scheduler of its own, never closed either. Whoever builds an instance with
 * their own client or scheduler keeps owning them.
 */
public final class EnrichmentResources {

    private final EnrichmentHttpClient httpClient;
    private final ScheduledExecutorService scheduler;
    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final RateLimiterRegistry rateLimiters;
    private final BulkheadRegistry bulkheads;
    private final TimeLimiterRegistry timeLimiters;

    private EnrichmentResources(Builder builder) {
        this.httpClient = builder.httpClient != null ? builder.httpClient : SharedHttpClient.INSTANCE;
        this.scheduler = builder.scheduler != null ? builder.scheduler : defaultScheduler();
        this.circuitBreakers = builder.circuitBreakers;
        this.retries = builder.retries;
        this.rateLimiters = builder.rateLimiters;
        this.bulkheads = builder.bulkheads;
        this.timeLimiters = builder.timeLimiters;
    }

    /** The JVM-wide default. */
    public static EnrichmentResources shared() {
        return Shared.INSTANCE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client of declarative GETs. */
    public EnrichmentHttpClient httpClient() {
        return httpClient;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public CircuitBreakerRegistry circuitBreakers() {
        return circuitBreakers;
    }

    public RetryRegistry retries() {
        return retries;
    }

    public RateLimiterRegistry rateLimiters() {
        return rateLimiters;
    }

    public BulkheadRegistry bulkheads() {
        return bulkheads;
    }

    public TimeLimiterRegistry timeLimiters() {
        return timeLimiters;
    }

    private static ScheduledExecutorService defaultScheduler() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-enrich-scheduler");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static final class Shared {
        static final EnrichmentResources INSTANCE = builder().build();
    }

    /** One default client per JVM, started on first use: its I/O threads and connections serve every instance. */
    private static final class SharedHttpClient {
        static final EnrichmentHttpClient INSTANCE = EnrichmentHttpClient.apache(ApacheHttpGet.defaultClient());
    }

    /** Builds {@link EnrichmentResources}; what is not set takes the default described on the class. */
    public static final class Builder {

        private @Nullable EnrichmentHttpClient httpClient;
        private @Nullable ScheduledExecutorService scheduler;
        private CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
        private RetryRegistry retries = RetryRegistry.ofDefaults();
        private RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
        private BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        private TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();

        private Builder() {
        }

        /** The client for declarative GETs, e.g. {@link EnrichmentHttpClient#apache} with a client of your own. */
        public Builder httpClient(EnrichmentHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The JDK's client for declarative GETs ({@link EnrichmentHttpClient#jdk}); it should have a connect time-out. */
        public Builder httpClient(HttpClient client) {
            return httpClient(EnrichmentHttpClient.jdk(client));
        }

        /** Times retries, rate-limiter waits and time-outs; its tasks are short and never block. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Builder circuitBreakers(CircuitBreakerRegistry registry) {
            this.circuitBreakers = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder retries(RetryRegistry registry) {
            this.retries = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder rateLimiters(RateLimiterRegistry registry) {
            this.rateLimiters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Semaphore bulkheads; keep their {@code maxWaitDuration} at 0, as a wait would block a processor thread. */
        public Builder bulkheads(BulkheadRegistry registry) {
            this.bulkheads = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public Builder timeLimiters(TimeLimiterRegistry registry) {
            this.timeLimiters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        public EnrichmentResources build() {
            return new EnrichmentResources(this);
        }
    }
}
