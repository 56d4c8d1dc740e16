package io.tributary.internals.enrich;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.enrich.EnrichmentHttpClient;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Enrichment GETs through Apache HttpClient 5's async client: the response is read and its future completed on the
 * client's I/O thread, with no hand-over to another executor, which is most of what it saves over the JDK client.
 */
public final class ApacheHttpGet implements EnrichmentHttpClient {

    /** Connections per host: more than any JVM's lookups in flight (capacity x tasks), so none waits for one. */
    static final int MAX_CONNECTIONS = 10_000;

    private static final Header ACCEPT_JSON = new BasicHeader(HttpHeaders.ACCEPT, "application/json");

    private final CloseableHttpAsyncClient client;
    private final ExchangeDeadlines deadlines = ExchangeDeadlines.shared();
    /** The request configuration of the last time-out asked for; an enrichment always asks for the same. */
    private volatile @Nullable TimedConfig config;

    private record TimedConfig(Duration timeout, RequestConfig config) {
    }

    public ApacheHttpGet(CloseableHttpAsyncClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * The default client, started: HTTP/1.1 (as the JDK default Tributary used), 5 s to connect, no redirects,
     * cookies or content decoding, and daemon I/O threads (one per CPU) named {@code tributary-enrich-http-N}.
     * A request that finds its pooled connection closed by the server is sent again once; nothing else is retried
     * here (no status, no time-out), as the enrichment's resilience4j retry decides that.
     */
    public static CloseableHttpAsyncClient defaultClient() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "tributary-enrich-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // system properties as the JDK client honoured them: proxy (http.proxyHost, https.proxyHost, nonProxyHosts)
        // and TLS (javax.net.ssl.keyStore/trustStore for client certificates and private CAs)
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .useSystemProperties()
                .setThreadFactory(threads)
                .setIOReactorConfig(IOReactorConfig.custom().setTcpNoDelay(true).build())
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .useSystemProperties()
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .build())
                .setRoutePlanner(new RememberedRoutes(ProxySelector.getDefault()))
                // no user token per connection (NTLM or TLS client identity): every lookup runs as one identity
                .disableConnectionState()
                .setRetryStrategy(new StaleConnectionRetry())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
        client.start();
        return client;
    }

    @Override
    public CompletableFuture<Response> get(URI uri, Duration timeout) {
        // a plain request and a consumer of our own rather than SimpleRequestBuilder / SimpleResponseConsumer, which
        // copy the headers (and the body) once more per exchange
        BasicHttpRequest request = new BasicHttpRequest(Method.GET, uri);
        request.addHeader(ACCEPT_JSON);
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(config(timeout));
        CompletableFuture<Response> response = new CompletableFuture<>();
        Future<Response> exchange = client.execute(new BasicRequestProducer(request, null), new BodyConsumer(), null,
                context, new FutureCallback<Response>() {
                    @Override
                    public void completed(Response result) {
                        response.complete(result);
                    }

                    @Override
                    public void failed(Exception ex) {
                        response.completeExceptionally(ex);
                    }

                    @Override
                    public void cancelled() {
                        response.cancel(false);
                    }
                });
        // the response time-out only bounds silence on the socket: a server trickling bytes would hold the record
        // for ever, so the whole exchange has a deadline too, and a deadline passed or a cancel (a time limiter's)
        // aborts it, giving its connection back
        ExchangeDeadlines.Deadline deadline = deadlines.start(timeout.toNanos(), () -> {
            if (response.completeExceptionally(
                    new HttpTimeoutException("no complete answer from " + uri + " within " + timeout))) {
                exchange.cancel(true);
            }
        });
        response.whenComplete((ok, error) -> {
            deadline.cancel();
            if (error != null) {
                exchange.cancel(true);
            }
        });
        return response;
    }

    private RequestConfig config(Duration timeout) {
        TimedConfig last = config;
        if (last == null || !last.timeout().equals(timeout)) {
            Timeout of = Timeout.of(timeout);
            last = new TimedConfig(timeout, RequestConfig.custom()
                    .setResponseTimeout(of)
                    .build());
            config = last;
        }
        return last.config();
    }

    /**
     * One more try, at once, when a pooled connection turns out closed (the JDK client does the same for a GET);
     * never for a status, which HttpClient's default retries for 429 and 503.
     */
    private static final class StaleConnectionRetry extends DefaultHttpRequestRetryStrategy {

        StaleConnectionRetry() {
            super(1, TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }
    }
}
