package io.tributary.internals.enrich;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.enrich.EnrichmentHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Enrichment GETs through the JDK's {@link HttpClient}, for those who choose it over the default. */
public final class JdkHttpGet implements EnrichmentHttpClient {

    private static final Logger log = LoggerFactory.getLogger(JdkHttpGet.class);
    private static final AtomicBoolean WARNED_COMMON_POOL = new AtomicBoolean();

    private final HttpClient client;

    public JdkHttpGet(HttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
        warnIfCommonPoolTooSmall();
    }

    /** The JDK client this sends through. */
    public HttpClient client() {
        return client;
    }

    @Override
    public CompletableFuture<Response> get(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    /**
     * The JDK client hands every {@code sendAsync} response to {@code CompletableFuture}'s default executor, which,
     * when the common pool's parallelism is below 2 (any machine or container with 2 CPUs or fewer), starts a new
     * thread per task: a thread per response, which was a large part of enrichment's cost on a 2-core machine.
     */
    private static void warnIfCommonPoolTooSmall() {
        int parallelism = ForkJoinPool.getCommonPoolParallelism();
        if (parallelism < 2 && WARNED_COMMON_POOL.compareAndSet(false, true)) {
            log.warn("The common ForkJoinPool's parallelism is {} (this JVM sees {} CPUs), so the JDK HttpClient "
                    + "starts a new thread for every response of an enrichment GET; start the JVM with "
                    + "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (or more), or use the default "
                    + "enrichment client (Apache HttpClient 5)", parallelism,
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
