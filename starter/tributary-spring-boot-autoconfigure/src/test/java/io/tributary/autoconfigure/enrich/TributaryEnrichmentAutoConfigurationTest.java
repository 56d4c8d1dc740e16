package io.tributary.autoconfigure.enrich;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.tributary.annotation.AnnotatedProcessors;
import io.tributary.annotation.Enrich;
import io.tributary.enrich.EnrichmentResources;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryEnrichmentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TributaryEnrichmentAutoConfiguration.class));

    static class CompanyEnrichment {

        @Enrich(name = "enrich", sources = "stock_ticker", output = "stock_ticker_enriched", keyFields = "symbol",
                url = "${company-api.base-url}/companies/{symbol}", circuitBreaker = "company-api",
                retry = "company-api")
        void enrich() {
        }
    }

    @Test
    void enrichmentsGetTheInstancesThatResilience4jPropertiesConfigure() {
        runner.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
                        RetryAutoConfiguration.class))
                .withPropertyValues("company-api.base-url=http://127.0.0.1:8089",
                        "resilience4j.circuitbreaker.instances.company-api.failure-rate-threshold=25",
                        "resilience4j.circuitbreaker.instances.company-api.minimum-number-of-calls=7",
                        "resilience4j.retry.instances.company-api.max-attempts=5")
                .run(context -> {
                    EnrichmentResources resources = context.getBean(EnrichmentResources.class);
                    assertThat(resources.circuitBreakers()).isSameAs(context.getBean(CircuitBreakerRegistry.class));
                    assertThat(resources.retries()).isSameAs(context.getBean(RetryRegistry.class));
                    assertThat(resources.rateLimiters()).as("no Spring registry: the shared one")
                            .isSameAs(EnrichmentResources.shared().rateLimiters());

                    AnnotatedProcessors.definitionsOf(new CompanyEnrichment(),
                            context.getEnvironment()::resolvePlaceholders, resources);

                    var breaker = context.getBean(CircuitBreakerRegistry.class).find("company-api").orElseThrow();
                    assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(25f);
                    assertThat(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(7);
                    assertThat(context.getBean(RetryRegistry.class).find("company-api").orElseThrow()
                            .getRetryConfig().getMaxAttempts()).isEqualTo(5);
                });
    }

    @Test
    void fallsBackToTheSharedDefaultsWithoutResilience4jSpringBoot() {
        runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j.springboot"))
                .run(context -> {
                    assertThat(context).hasSingleBean(EnrichmentResources.class);
                    assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class);
                    EnrichmentResources resources = context.getBean(EnrichmentResources.class);
                    EnrichmentResources shared = EnrichmentResources.shared();
                    assertThat(resources.circuitBreakers()).isSameAs(shared.circuitBreakers());
                    assertThat(resources.retries()).isSameAs(shared.retries());
                    assertThat(resources.timeLimiters()).isSameAs(shared.timeLimiters());
                    assertThat(resources.httpClient()).isSameAs(shared.httpClient());
                    assertThat(resources.scheduler()).isSameAs(shared.scheduler());
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnResources() {
        EnrichmentResources own = EnrichmentResources.builder().build();
        runner.withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
                .withBean(EnrichmentResources.class, () -> own)
                .run(context -> assertThat(context.getBean(EnrichmentResources.class)).isSameAs(own));
    }
}
