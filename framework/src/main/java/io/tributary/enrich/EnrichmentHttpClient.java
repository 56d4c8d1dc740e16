package io.tributary.enrich;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.tributary.internals.enrich.ApacheHttpGet;
import io.tributary.internals.enrich.JdkHttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;

/**
 * Sends the GETs of declarative enrichments ({@link Enrichment.Builder#get}, {@code @Enrich(url = ...)}), built on
 * an HTTP client library by {@link #apache} or {@link #jdk}; {@link EnrichmentResources} holds the one enrichments use.
 *
 * <p>The default is Apache HttpClient 5's async client: against the benchmark's endpoint it spent about half the
 * CPU per request of the JDK's {@link HttpClient} (30 against 63-69 µs, at 14,000 requests/s with 300 in flight),
 * because it reads responses and completes their futures on its I/O threads, where the JDK client hands each
 * response from its selector thread to its executor and then to {@code CompletableFuture}'s default executor.
 *
 * <p>Implementations are thread-safe and never block the calling thread; the future completes on the client's own
 * threads, so what depends on it must not block either.
 */
public interface EnrichmentHttpClient {

    /** An answer of any status: the status code and the whole body. */
    record Response(int status, byte[] body) {
    }

    /**
     * Sends {@code GET uri} with {@code Accept: application/json}.
     *
     * @param timeout how long to wait for the answer once the request is sent
     * @return completes with the answer whatever its status, or exceptionally when none came (connection refused,
     *         time-out, I/O error)
     */
    CompletableFuture<Response> get(URI uri, Duration timeout);

    /**
     * GETs through Apache HttpClient 5's async client, which must be started; the caller keeps owning (and closes)
     * it. Configure its connection pool for the lookups in flight (per route, it allows 5 by default): a request
     * beyond the pool waits for a connection.
     */
    static EnrichmentHttpClient apache(CloseableHttpAsyncClient client) {
        return new ApacheHttpGet(client);
    }

    /**
     * GETs through the JDK's client; the caller keeps owning it. On 2 CPUs or
     * fewer, start the JVM with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}: the JDK client
     * completes every {@code sendAsync} on {@code CompletableFuture}'s default executor, which below a parallelism of
     * 2 starts a thread per task.
     */
    static EnrichmentHttpClient jdk(HttpClient client) {
        return new JdkHttpGet(client);
    }
}
