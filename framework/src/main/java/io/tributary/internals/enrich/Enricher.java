package io.tributary.internals.enrich;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tributary.enrich.AsyncLookup;
import io.tributary.enrich.EnrichmentHttpClient;
import io.tributary.enrich.EnrichmentHttpException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the lookup of one record: from the cache when it holds the key (or a lookup of it is already running), or,
 * when coalescing, by joining a lookup of the key already running, else through the resilience chain to the HTTP GET
 * of the URL template or to the user's {@link AsyncLookup}.
 * Shared by every task of a processor; thread-safe. Never blocks: the future it returns completes on the HTTP
 * client's or the scheduler's threads, always normally, with an {@link Outcome}.
 */
final class Enricher {

    /**
     * How one record's lookup ended.
     *
     * @param cacheHit answered by the cache, or by joining a cached lookup still running
     * @param coalesced answered by joining another record's lookup of the same key that was running (no cache)
     */
    record Outcome(@Nullable JsonNode value, @Nullable Throwable error, int attempts, int status, boolean cacheHit,
            boolean coalesced, long nanos) {

        boolean ok() {
            return error == null;
        }
    }

    /** A prepared lookup: the cache key and the call. */
    record Call(Object cacheKey, Supplier<CompletableFuture<JsonNode>> call) {
    }

    private static final int BODY_IN_MESSAGE = 200;
    /** The attempts of a lookup served from the cache: none. */
    private static final ResilientCall.Attempts NO_ATTEMPTS = new ResilientCall.Attempts();

    private final @Nullable UrlTemplate url;
    private final @Nullable AsyncLookup lookup;
    private final EnrichmentHttpClient http;
    private final Duration requestTimeout;
    private final JsonMapper mapper;
    private final ResilientCall resilience;
    private final @Nullable AsyncCache<Object, JsonNode> cache;
    /** With coalescing and no cache: the lookups running, by key, each removed as it completes. */
    private final @Nullable ConcurrentHashMap<Object, CompletableFuture<JsonNode>> inFlight;

    Enricher(@Nullable UrlTemplate url, @Nullable AsyncLookup lookup, EnrichmentHttpClient http, Duration requestTimeout,
            JsonMapper mapper, ResilientCall resilience, long cacheSize, @Nullable Duration cacheTtl, boolean coalesce) {
        this.url = url;
        this.lookup = lookup;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.mapper = mapper;
        this.resilience = resilience;
        this.cache = cacheTtl == null ? null : Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .expireAfterWrite(cacheTtl)
                .executor(Runnable::run)
                .buildAsync();
        // the cache shares running lookups already
        this.inFlight = coalesce && cache == null ? new ConcurrentHashMap<>() : null;
    }

    /**
     * Prepares the lookup of {@code value}.
     *
     * @throws IllegalArgumentException if the record lacks a field the URL needs
     */
    Call prepare(JsonNode value, String key) {
        if (url != null) {
            URI uri = url.expand(value);
            return new Call(uri.toString(), () -> get(uri));
        }
        AsyncLookup custom = lookup;
        return new Call(key, () -> {
            CompletionStage<JsonNode> stage = custom.lookup(value, key);
            if (stage == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("lookup returned null"));
            }
            return stage.toCompletableFuture();
        });
    }

    /** Starts the prepared lookup; the future always completes normally. */
    CompletableFuture<Outcome> start(Call call) {
        if (cache != null) {
            CompletableFuture<JsonNode> cached = cache.getIfPresent(call.cacheKey());
            if (cached != null) {
                return cached.handle((value, error) -> outcome(value, error, NO_ATTEMPTS, true, false, 0));
            }
        }
        if (inFlight != null) {
            return coalesced(call, inFlight);
        }
        long started = System.nanoTime();
        ResilientCall.Attempts attempts = new ResilientCall.Attempts();
        boolean[] invoked = {cache == null};
        CompletableFuture<JsonNode> result = cache == null
                ? resilience.run(() -> tracked(call, attempts), attempts)
                : cache.get(call.cacheKey(), (key, executor) -> {
                    invoked[0] = true;
                    return SharedFailure.carrying(resilience.run(() -> tracked(call, attempts), attempts), attempts);
                });
        boolean joined = !invoked[0];
        return result.handle((value, error) -> outcome(value, error, attempts, joined, false,
                System.nanoTime() - started));
    }

    /**
     * Joins the running lookup of the call's key, or starts one that later records of the key join until it
     * completes; it is forgotten then (before its joiners see the result), so nothing is reused afterwards.
     */
    private CompletableFuture<Outcome> coalesced(Call call, ConcurrentHashMap<Object, CompletableFuture<JsonNode>> running) {
        Object key = call.cacheKey();
        CompletableFuture<JsonNode> mine = new CompletableFuture<>();
        CompletableFuture<JsonNode> joined = running.putIfAbsent(key, mine);
        if (joined != null) {
            return joined.handle((value, error) -> outcome(value, error, NO_ATTEMPTS, false, true, 0));
        }
        long started = System.nanoTime();
        ResilientCall.Attempts attempts = new ResilientCall.Attempts();
        // completed outside putIfAbsent: a lookup may complete at once, and its completion removes the key
        resilience.run(() -> tracked(call, attempts), attempts).whenComplete((value, error) -> {
            running.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(new SharedFailure(ResilientCall.unwrap(error), attempts));
            }
            else {
                mine.complete(value);
            }
        });
        return mine.handle((value, error) -> outcome(value, error, attempts, false, false,
                System.nanoTime() - started));
    }

    /** The outcome of a lookup; a shared lookup's failure reports the attempts and status of the lookup it joined. */
    private static Outcome outcome(@Nullable JsonNode value, @Nullable Throwable error, ResilientCall.Attempts own,
            boolean cacheHit, boolean coalesced, long nanos) {
        Throwable cause = error == null ? null : ResilientCall.unwrap(error);
        ResilientCall.Attempts made = own;
        if (cause instanceof SharedFailure shared) {
            made = shared.attempts;
            cause = shared.getCause();
        }
        return new Outcome(value, cause, made.count(), made.lastStatus(), cacheHit, coalesced, nanos);
    }

    private CompletableFuture<JsonNode> tracked(Call call, ResilientCall.Attempts attempts) {
        return call.call().get().whenComplete((value, error) -> {
            Throwable cause = error == null ? null : ResilientCall.unwrap(error);
            if (cause instanceof EnrichmentHttpException http) {
                attempts.status(http.status());
            }
        });
    }

    /**
     * A shared (cached or coalesced) lookup's failure, carrying the attempts it made: every record that joined the
     * lookup while it ran
     * sees this failure, and is dead-lettered with the same attempts and status headers as the record that started
     * it, instead of none.
     */
    private static final class SharedFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient ResilientCall.Attempts attempts;

        private SharedFailure(Throwable cause, ResilientCall.Attempts attempts) {
            super(cause.getMessage(), cause, false, false);
            this.attempts = attempts;
        }

        static CompletableFuture<JsonNode> carrying(CompletableFuture<JsonNode> lookup,
                ResilientCall.Attempts attempts) {
            return lookup.handle((value, error) -> {
                if (error != null) {
                    throw new SharedFailure(ResilientCall.unwrap(error), attempts);
                }
                return value;
            });
        }
    }

    private CompletableFuture<JsonNode> get(URI uri) {
        return http.get(uri, requestTimeout).thenApply(response -> {
            int status = response.status();
            if (status < 200 || status > 299) {
                String body = new String(response.body(), StandardCharsets.UTF_8);
                throw new EnrichmentHttpException(uri, status,
                        body.length() > BODY_IN_MESSAGE ? body.substring(0, BODY_IN_MESSAGE) + "..." : body);
            }
            return mapper.readTree(response.body());
        });
    }
}
