package io.tributary.internals.enrich;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.jspecify.annotations.Nullable;

/**
 * resilience4j's circuit breaker, retry, rate limiter, bulkhead and time limiter around an asynchronous call, in
 * the order resilience4j's Spring aspects apply them: Retry(CircuitBreaker(RateLimiter(TimeLimiter(Bulkhead(call))))).
 *
 * <p>Why not resilience4j's own {@code decorateCompletionStage}: the rate limiter's waits for a permission by
 * blocking the calling thread, here a processor thread. This composition asks the rate limiter for a reservation
 * and starts the call when it is due, on the scheduler; every other step uses the instances' non-blocking
 * primitives ({@code tryAcquirePermission}, {@code Retry.AsyncContext}), so their configuration, events and metrics
 * are resilience4j's. Thread-safe; absent parts are skipped, and with none at all the call runs as it is.
 */
final class ResilientCall {

    /** How many attempts a call made and the last HTTP status it saw; written by the threads of its attempts. */
    static final class Attempts {

        private final AtomicInteger count = new AtomicInteger();
        private volatile int lastStatus = -1;

        int count() {
            return count.get();
        }

        int lastStatus() {
            return lastStatus;
        }

        void status(int status) {
            lastStatus = status;
        }
    }

    private final @Nullable CircuitBreaker circuitBreaker;
    private final @Nullable Retry retry;
    private final @Nullable RateLimiter rateLimiter;
    private final @Nullable Bulkhead bulkhead;
    private final @Nullable TimeLimiter timeLimiter;
    private final ScheduledExecutorService scheduler;
    /** Whether no instance is configured: then a call is made as it is, without the futures that wrap each step. */
    private final boolean bare;

    ResilientCall(@Nullable CircuitBreaker circuitBreaker, @Nullable Retry retry, @Nullable RateLimiter rateLimiter,
            @Nullable Bulkhead bulkhead, @Nullable TimeLimiter timeLimiter, ScheduledExecutorService scheduler) {
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
        this.rateLimiter = rateLimiter;
        this.bulkhead = bulkhead;
        this.timeLimiter = timeLimiter;
        this.scheduler = scheduler;
        this.bare = circuitBreaker == null && retry == null && rateLimiter == null && bulkhead == null
                && timeLimiter == null;
    }

    /**
     * Runs {@code call} with the configured protection; completes with its result or the final failure (perhaps in a
     * {@code CompletionException}, see {@link #unwrap}). Never throws
     * and always completes: a scheduler that refuses a retry's, rate limit's or time limit's task fails the call, so
     * no record (nor any record sharing its lookup) waits forever.
     */
    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call, Attempts attempts) {
        if (bare) {
            attempts.count.incrementAndGet();
            try {
                return call.get();
            }
            catch (RuntimeException ex) {
                return CompletableFuture.failedFuture(ex);
            }
        }
        CompletableFuture<T> promise = new CompletableFuture<>();
        Retry.AsyncContext<T> retryContext = retry == null ? null : retry.asyncContext();
        attempt(call, attempts, retryContext, promise);
        return promise;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> call, Attempts attempts,
            Retry.@Nullable AsyncContext<T> retryContext, CompletableFuture<T> promise) {
        CompletableFuture<T> tried;
        try {
            tried = once(call, attempts);
        }
        catch (RuntimeException ex) {
            promise.completeExceptionally(ex);
            return;
        }
        tried.whenComplete((result, error) -> {
            if (error == null) {
                if (retryContext != null) {
                    long delay = retryContext.onResult(result);
                    if (delay >= 1) {
                        schedule(() -> attempt(call, attempts, retryContext, promise), delay, promise);
                        return;
                    }
                    retryContext.onComplete();
                }
                promise.complete(result);
                return;
            }
            Throwable cause = unwrap(error);
            if (retryContext == null) {
                promise.completeExceptionally(cause);
                return;
            }
            long delay;
            try {
                delay = retryContext.onError(cause);
            }
            catch (RuntimeException ex) {
                promise.completeExceptionally(cause);
                return;
            }
            if (delay < 1) {
                promise.completeExceptionally(cause);
            }
            else {
                schedule(() -> attempt(call, attempts, retryContext, promise), delay, promise);
            }
        });
    }

    private <T> CompletableFuture<T> once(Supplier<CompletableFuture<T>> call, Attempts attempts) {
        if (circuitBreaker != null && !circuitBreaker.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(CallNotPermittedException.createCallNotPermittedException(circuitBreaker));
        }
        if (rateLimiter != null) {
            long waitNanos = rateLimiter.reservePermission();
            if (waitNanos < 0) {
                if (circuitBreaker != null) {
                    circuitBreaker.releasePermission();
                }
                return CompletableFuture.failedFuture(RequestNotPermitted.createRequestNotPermitted(rateLimiter));
            }
            if (waitNanos > 0) {
                CompletableFuture<T> delayed = new CompletableFuture<>();
                scheduler.schedule(() -> guarded(call, attempts).whenComplete((result, error) -> {
                    if (error == null) {
                        delayed.complete(result);
                    }
                    else {
                        delayed.completeExceptionally(error);
                    }
                }), waitNanos, TimeUnit.NANOSECONDS);
                return delayed;
            }
        }
        return guarded(call, attempts);
    }

    /** The call inside the bulkhead and time limiter, reported to the circuit breaker and rate limiter. */
    private <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> call, Attempts attempts) {
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            if (circuitBreaker != null) {
                circuitBreaker.releasePermission();
            }
            return CompletableFuture.failedFuture(BulkheadFullException.createBulkheadFullException(bulkhead));
        }
        long started = circuitBreaker == null ? 0 : circuitBreaker.getCurrentTimestamp();
        attempts.count.incrementAndGet();
        CompletableFuture<T> running;
        try {
            running = call.get();
        }
        catch (RuntimeException ex) {
            running = CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<T> limited = timeLimiter == null ? running : limit(running, timeLimiter);
        CompletableFuture<T> outcome = new CompletableFuture<>();
        limited.whenComplete((result, error) -> {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
            Throwable cause = error == null ? null : unwrap(error);
            if (circuitBreaker != null) {
                long duration = circuitBreaker.getCurrentTimestamp() - started;
                if (cause == null) {
                    circuitBreaker.onResult(duration, circuitBreaker.getTimestampUnit(), result);
                }
                else {
                    circuitBreaker.onError(duration, circuitBreaker.getTimestampUnit(), cause);
                }
            }
            if (rateLimiter != null) {
                if (cause == null) {
                    rateLimiter.onResult(result);
                }
                else {
                    rateLimiter.onError(cause);
                }
            }
            if (cause == null) {
                outcome.complete(result);
            }
            else {
                outcome.completeExceptionally(cause);
            }
        });
        return outcome;
    }

    private <T> CompletableFuture<T> limit(CompletableFuture<T> running, TimeLimiter limiter) {
        CompletableFuture<T> limited = new CompletableFuture<>();
        var timeout = scheduler.schedule(() -> {
            TimeoutException timedOut = TimeLimiter.createdTimeoutExceptionWithName(limiter.getName(), null);
            if (limited.completeExceptionally(timedOut)) {
                limiter.onError(timedOut);
                if (limiter.getTimeLimiterConfig().shouldCancelRunningFuture()) {
                    running.cancel(true);
                }
            }
        }, limiter.getTimeLimiterConfig().getTimeoutDuration().toNanos(), TimeUnit.NANOSECONDS);
        running.whenComplete((result, error) -> {
            timeout.cancel(false);
            if (error == null) {
                if (limited.complete(result)) {
                    limiter.onSuccess();
                }
            }
            else if (limited.completeExceptionally(unwrap(error))) {
                limiter.onError(unwrap(error));
            }
        });
        return limited;
    }

    /** Schedules the next attempt, or fails {@code promise} if the scheduler refuses it. */
    private void schedule(Runnable action, long delayMillis, CompletableFuture<?> promise) {
        try {
            scheduler.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            promise.completeExceptionally(ex);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
