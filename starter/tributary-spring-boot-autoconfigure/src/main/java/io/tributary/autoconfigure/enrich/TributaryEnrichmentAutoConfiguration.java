package io.tributary.autoconfigure.enrich;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.tributary.enrich.EnrichmentResources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link EnrichmentResources} that enrichments declared with {@code @Enrich} use: the
 * application's resilience4j registries when it has them (as {@code resilience4j-spring-boot4} defines them from
 * {@code resilience4j.<kind>.instances.<name>.*} and {@code configs.*} properties), so an enrichment naming
 * {@code circuitBreaker = "company-api"} gets the instance those properties configure. A registry the application
 * lacks is taken from {@link EnrichmentResources#shared()}, as are the HTTP client and the scheduler.
 *
 * <p>Runs after resilience4j's auto-configurations; backs off when the application defines its own
 * {@link EnrichmentResources}. Enrichments built by hand ({@code Enrichment.builder(...).resources(...)}) choose
 * their own resources.
 */
@AutoConfiguration(afterName = {
        "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
        "io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
        "io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
        "io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration" })
@ConditionalOnClass(EnrichmentResources.class)
public final class TributaryEnrichmentAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EnrichmentResources tributaryEnrichmentResources(ObjectProvider<CircuitBreakerRegistry> circuitBreakers,
            ObjectProvider<RetryRegistry> retries, ObjectProvider<RateLimiterRegistry> rateLimiters,
            ObjectProvider<BulkheadRegistry> bulkheads, ObjectProvider<TimeLimiterRegistry> timeLimiters) {
        EnrichmentResources shared = EnrichmentResources.shared();
        return EnrichmentResources.builder()
                .httpClient(shared.httpClient())
                .scheduler(shared.scheduler())
                .circuitBreakers(circuitBreakers.getIfUnique(shared::circuitBreakers))
                .retries(retries.getIfUnique(shared::retries))
                .rateLimiters(rateLimiters.getIfUnique(shared::rateLimiters))
                .bulkheads(bulkheads.getIfUnique(shared::bulkheads))
                .timeLimiters(timeLimiters.getIfUnique(shared::timeLimiters))
                .build();
    }
}
