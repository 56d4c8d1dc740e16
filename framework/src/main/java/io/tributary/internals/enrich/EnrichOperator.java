package io.tributary.internals.enrich;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.enrich.Enrichment;
import io.tributary.internals.engine.AsyncContext;
import io.tributary.internals.engine.HeldRecord;
import io.tributary.internals.engine.ProcessorMetrics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One task's enrichment: holds each record while its lookup runs, puts results back in the configured order, and
 * emits the merged record (or dead-letters the original, or looks it up again later) in the record's own context.
 * Lookups complete on other threads; their outcomes come back to the task thread through
 * {@link AsyncContext#deliver}, so all of this class's state is touched by the task thread only. A cache hit that
 * is already complete is handled at once, without a hand-over.
 */
final class EnrichOperator implements KeyedProcessFunction<String, JsonNode, JsonNode> {

    static final String REASON_FAILED = "enrichment-failed";
    static final String REASON_CIRCUIT_OPEN = "circuit-open";
    static final String REASON_RATE_LIMITED = "rate-limited";
    static final String REASON_BULKHEAD_FULL = "bulkhead-full";

    /** One held record on its way through the lookup. */
    private static final class Pending extends OrderBuffer.Element {

        final HeldRecord held;
        final JsonNode value;
        final Enricher.Call call;
        Enricher.@Nullable Outcome outcome;

        Pending(String key, HeldRecord held, JsonNode value, Enricher.Call call) {
            super(key);
            this.held = held;
            this.value = value;
            this.call = call;
        }
    }

    private final EnrichSpec spec;
    private @Nullable AsyncContext<String, JsonNode> async;
    private @Nullable OrderBuffer<Pending> buffer;

    EnrichOperator(EnrichSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext context) {
        async = AsyncContext.of(context, spec.capacity());
        buffer = OrderBuffer.of(spec.order());
    }

    @Override
    public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
        // prepared before holding: a record the URL cannot be built for is dead-lettered by the task, not held
        Enricher.Call call = spec.enricher().prepare(value, context.currentKey());
        Pending pending = new Pending(context.currentKey(), async().hold(), value, call);
        buffer().add(pending);
        start(pending);
    }

    private void start(Pending pending) {
        CompletableFuture<Enricher.Outcome> lookup = spec.enricher().start(pending.call);
        if (lookup.isDone()) {
            onOutcome(pending, lookup.join());
        }
        else {
            AsyncContext<String, JsonNode> handOver = async();
            lookup.thenAccept(outcome -> handOver.deliver(() -> onOutcome(pending, outcome)));
        }
    }

    private void onOutcome(Pending pending, Enricher.Outcome outcome) {
        if (pending.held.released()) {
            return;
        }
        ProcessorMetrics metrics = async().metrics();
        count(outcome, metrics);
        if (!outcome.ok() && spec.retryLater() != null) {
            AsyncContext<String, JsonNode> handOver = async();
            Duration delay = spec.retryLater();
            spec.scheduler().schedule(() -> handOver.deliver(() -> start(pending)), delay.toNanos(),
                    TimeUnit.NANOSECONDS);
            return;
        }
        pending.outcome = outcome;
        buffer().complete(pending, this::emit);
    }

    private void emit(Pending pending) {
        async().finish(pending.held, context -> {
            Enricher.Outcome outcome = pending.outcome;
            if (outcome != null && outcome.ok()) {
                JsonNode merged;
                try {
                    merged = spec.merge().apply(pending.value, outcome.value());
                }
                catch (RuntimeException ex) {
                    deadLetter(pending, outcome, REASON_FAILED, "merge failed: " + ex.getMessage(), ex);
                    return;
                }
                context.emit(merged);
                return;
            }
            Throwable error = outcome == null ? null : outcome.error();
            deadLetter(pending, outcome, reason(error), String.valueOf(error), error);
        });
    }

    private void deadLetter(Pending pending, Enricher.@Nullable Outcome outcome, String reason, String detail,
            @Nullable Throwable cause) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (outcome != null) {
            headers.put(Enrichment.ATTEMPTS_HEADER, Integer.toString(outcome.attempts()));
            if (outcome.status() >= 0) {
                headers.put(Enrichment.STATUS_HEADER, Integer.toString(outcome.status()));
            }
        }
        async().deadLetter(spec.failureTopic(), reason, detail, cause, headers);
    }

    static String reason(@Nullable Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return REASON_CIRCUIT_OPEN;
        }
        if (error instanceof RequestNotPermitted) {
            return REASON_RATE_LIMITED;
        }
        if (error instanceof BulkheadFullException) {
            return REASON_BULKHEAD_FULL;
        }
        return REASON_FAILED;
    }

    private static void count(Enricher.Outcome outcome, ProcessorMetrics metrics) {
        if (!outcome.cacheHit() && !outcome.coalesced()) {
            metrics.enrichCalls.increment();
            metrics.enrichCallNanos.add(outcome.nanos());
        }
        if (outcome.ok()) {
            (outcome.cacheHit() ? metrics.enrichCacheHits : outcome.coalesced() ? metrics.enrichCoalesced
                    : outcome.attempts() > 1 ? metrics.enrichRetried : metrics.enrichOk).increment();
        }
        else {
            (outcome.error() instanceof CallNotPermittedException ? metrics.enrichCircuitOpen : metrics.enrichFailed)
                    .increment();
        }
    }

    private AsyncContext<String, JsonNode> async() {
        AsyncContext<String, JsonNode> context = async;
        if (context == null) {
            throw new IllegalStateException("enrichment operator used before open()");
        }
        return context;
    }

    private OrderBuffer<Pending> buffer() {
        OrderBuffer<Pending> pending = buffer;
        if (pending == null) {
            throw new IllegalStateException("enrichment operator used before open()");
        }
        return pending;
    }
}
