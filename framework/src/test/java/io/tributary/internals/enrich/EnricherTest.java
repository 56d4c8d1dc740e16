package io.tributary.internals.enrich;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.tributary.enrich.AsyncLookup;
import io.tributary.enrich.EnrichmentHttpException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In-flight sharing, by the cache or by coalescing: a record whose lookup joins another record's running lookup ends
 * with that lookup's outcome, its attempts and last HTTP status included, so a joined failure is dead-lettered with
 * the same headers; coalescing forgets a lookup once it completes.
 */
class EnricherTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final URI API = URI.create("http://127.0.0.1:1/companies/ZZZZ");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<CompletableFuture<JsonNode>> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void recordJoiningAFailingLookupGetsItsAttemptsAndStatus() {
        Enricher enricher = cachingEnricher(null);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");

        CompletableFuture<Enricher.Outcome> first = enricher.start(enricher.prepare(tick, "ZZZZ"));
        CompletableFuture<Enricher.Outcome> joined = enricher.start(enricher.prepare(tick, "ZZZZ"));
        assertThat(calls).as("the second record joins the running lookup").hasSize(1);
        calls.get(0).completeExceptionally(new EnrichmentHttpException(API, 404, "unknown"));

        assertThat(first.join().attempts()).isEqualTo(1);
        assertThat(first.join().status()).isEqualTo(404);
        Enricher.Outcome outcome = joined.join();
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.error()).isInstanceOf(EnrichmentHttpException.class);
        assertThat(outcome.cacheHit()).isTrue();
        assertThat(outcome.attempts()).as("attempts of the lookup it joined").isEqualTo(1);
        assertThat(outcome.status()).as("last status of the lookup it joined").isEqualTo(404);
    }

    @Test
    void recordJoiningALookupThatFailsAfterRetriesGetsEveryAttempt() {
        Retry retry = Retry.of("company-api", RetryConfig.custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(1)).build());
        Enricher enricher = cachingEnricher(retry);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");

        CompletableFuture<Enricher.Outcome> first = enricher.start(enricher.prepare(tick, "ZZZZ"));
        CompletableFuture<Enricher.Outcome> joined = enricher.start(enricher.prepare(tick, "ZZZZ"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            int expected = attempt;
            await("attempt " + attempt).atMost(Duration.ofSeconds(10)).until(() -> calls.size() >= expected);
            calls.get(attempt - 1).completeExceptionally(new EnrichmentHttpException(API, 500 + attempt, "down"));
        }

        assertThat(first.join().attempts()).isEqualTo(3);
        assertThat(joined.join().attempts()).isEqualTo(3);
        assertThat(joined.join().status()).isEqualTo(503);
        assertThat(calls).hasSize(3);
    }

    @Test
    void coalescingSharesARunningLookupAndForgetsItOnceComplete() {
        Enricher enricher = enricher(null, false, true);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");

        CompletableFuture<Enricher.Outcome> first = enricher.start(enricher.prepare(tick, "ZZZZ"));
        CompletableFuture<Enricher.Outcome> joined = enricher.start(enricher.prepare(tick, "ZZZZ"));
        CompletableFuture<Enricher.Outcome> other = enricher.start(enricher.prepare(tick, "YYYY"));
        assertThat(calls).as("one call per key running").hasSize(2);
        calls.get(0).complete(JSON.readTree("{\"sector\":\"Energy\"}"));

        assertThat(first.join().value()).isEqualTo(joined.join().value());
        assertThat(first.join().coalesced()).isFalse();
        assertThat(joined.join().coalesced()).isTrue();
        assertThat(joined.join().cacheHit()).isFalse();
        assertThat(other).isNotDone();
        CompletableFuture<Enricher.Outcome> after = enricher.start(enricher.prepare(tick, "ZZZZ"));
        assertThat(calls).as("a completed lookup is not reused").hasSize(3);
        assertThat(after).isNotDone();
    }

    @Test
    void recordJoiningACoalescedLookupThatFailsGetsItsAttemptsAndStatus() {
        Enricher enricher = enricher(null, false, true);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");

        CompletableFuture<Enricher.Outcome> first = enricher.start(enricher.prepare(tick, "ZZZZ"));
        CompletableFuture<Enricher.Outcome> joined = enricher.start(enricher.prepare(tick, "ZZZZ"));
        calls.get(0).completeExceptionally(new EnrichmentHttpException(API, 503, "down"));

        assertThat(first.join().error()).isInstanceOf(EnrichmentHttpException.class);
        assertThat(joined.join().error()).isInstanceOf(EnrichmentHttpException.class);
        assertThat(joined.join().attempts()).isEqualTo(1);
        assertThat(joined.join().status()).isEqualTo(503);
        assertThat(calls).hasSize(1);
    }

    @Test
    void withoutCoalescingEachRecordCallsOnItsOwn() {
        Enricher enricher = enricher(null, false, false);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");

        enricher.start(enricher.prepare(tick, "ZZZZ"));
        enricher.start(enricher.prepare(tick, "ZZZZ"));

        assertThat(calls).hasSize(2);
    }

    @Test
    void coalescedLookupThatCannotBeScheduledFailsEveryWaitingRecordAndIsForgotten() {
        // a time limit needs the scheduler: once it is shut down, starting a lookup fails at once
        TimeLimiter limiter = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(5)).build());
        Enricher enricher = enricherWith(new ResilientCall(null, null, null, null, limiter, scheduler), false, true);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");
        scheduler.shutdownNow();

        CompletableFuture<Enricher.Outcome> first = enricher.start(enricher.prepare(tick, "ZZZZ"));
        CompletableFuture<Enricher.Outcome> again = enricher.start(enricher.prepare(tick, "ZZZZ"));

        assertThat(first).isDone();
        assertThat(first.join().error()).isInstanceOf(RejectedExecutionException.class);
        assertThat(again).as("the failed lookup is forgotten, not waited on").isDone();
        assertThat(again.join().coalesced()).isFalse();
        assertThat(calls).as("each lookup started its call before the time limit was refused").hasSize(2);
    }

    @Test
    void retryThatCannotBeScheduledFailsTheLookup() {
        Retry retry = Retry.of("company-api", RetryConfig.custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(1)).build());
        Enricher enricher = enricherWith(new ResilientCall(null, retry, null, null, null, scheduler), false, false);
        JsonNode tick = JSON.readTree("{\"symbol\":\"ZZZZ\"}");

        CompletableFuture<Enricher.Outcome> outcome = enricher.start(enricher.prepare(tick, "ZZZZ"));
        scheduler.shutdownNow();
        calls.get(0).completeExceptionally(new EnrichmentHttpException(API, 503, "down"));

        assertThat(outcome).as("completes although its retry was refused").isDone();
        assertThat(outcome.join().error()).isInstanceOf(RejectedExecutionException.class);
    }

    /** An enricher with the cache on whose lookups are the futures in {@link #calls}, completed by the test. */
    private Enricher cachingEnricher(@Nullable Retry retry) {
        return enricher(retry, true, false);
    }

    /** An enricher whose lookups are the futures in {@link #calls}, completed by the test. */
    private Enricher enricher(@Nullable Retry retry, boolean cache, boolean coalesce) {
        return enricherWith(new ResilientCall(null, retry, null, null, null, scheduler), cache, coalesce);
    }

    private Enricher enricherWith(ResilientCall resilience, boolean cache, boolean coalesce) {
        AsyncLookup lookup = (value, key) -> {
            CompletableFuture<JsonNode> call = new CompletableFuture<>();
            calls.add(call);
            return call;
        };
        return new Enricher(null, lookup, (uri, timeout) -> CompletableFuture.failedFuture(
                new IllegalStateException("no HTTP here")), Duration.ofSeconds(1), JSON, resilience, 100,
                cache ? Duration.ofMinutes(1) : null, coalesce);
    }
}
