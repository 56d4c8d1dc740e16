package io.tributary.enrich;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both enrichment HTTP clients, the default (Apache HttpClient 5) and the JDK's, against a real local server: the
 * answer of any status with its body (of announced length, chunked, or none), the Accept header, the JVM's proxy
 * properties, and failures (time-out, a deadline passed while the answer trickles in, connection refused) as
 * exceptional completion; the default runs on its own named daemon threads, so it never keeps a JVM from exiting.
 */
class EnrichmentHttpClientTest {

    private static final EnrichmentHttpClient DEFAULT = EnrichmentResources.shared().httpClient();
    private static final EnrichmentHttpClient JDK = EnrichmentHttpClient.jdk(HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build());

    private static final byte[] CHUNK = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> accept = new AtomicReference<>();

    static Stream<EnrichmentHttpClient> clients() {
        return Stream.of(DEFAULT, JDK);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/companies/", exchange -> answer(exchange, 200, "{\"sector\":\"Energy\"}"));
        server.createContext("/missing/", exchange -> answer(exchange, 404, "no such company"));
        server.createContext("/chunked/", exchange -> {
            // no Content-Length: the body comes chunked, in pieces, and longer than a first guess of its size
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(CHUNK);
                    out.flush();
                }
            }
        });
        server.createContext("/empty/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/slow/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{}");
        });
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @ParameterizedTest
    @MethodSource("clients")
    void answersWithStatusAndBody(EnrichmentHttpClient client) throws Exception {
        EnrichmentHttpClient.Response ok = client.get(uri("/companies/ACME"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        assertThat(accept.get()).isEqualTo("application/json");
        EnrichmentHttpClient.Response missing = client.get(uri("/missing/ACME"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("{\"sector\":\"Energy\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).isEqualTo("no such company");
    }

    @ParameterizedTest
    @MethodSource("clients")
    void readsBodiesOfUnannouncedLengthAndNone(EnrichmentHttpClient client) throws Exception {
        EnrichmentHttpClient.Response chunked = client.get(uri("/chunked/ACME"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        EnrichmentHttpClient.Response empty = client.get(uri("/empty/ACME"), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);

        assertThat(chunked.status()).isEqualTo(200);
        assertThat(new String(chunked.body(), StandardCharsets.US_ASCII))
                .isEqualTo(new String(CHUNK, StandardCharsets.US_ASCII).repeat(100));
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("clients")
    void timesOutWhenNoAnswerComesInTime(EnrichmentHttpClient client) {
        CompletableFuture<EnrichmentHttpClient.Response> slow = client.get(uri("/slow/ACME"), Duration.ofMillis(200));

        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void timesOutWhenTheAnswerTricklesPastTheDeadline(EnrichmentHttpClient client) throws IOException {
        // the status line at once, then a header a byte every 50 ms: never silent for long, never complete in time
        try (ServerSocket trickling = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress())) {
            executor.submit(() -> trickle(trickling));
            CompletableFuture<EnrichmentHttpClient.Response> slow = client.get(
                    URI.create("http://127.0.0.1:" + trickling.getLocalPort() + "/companies/ACME"), Duration.ofMillis(300));

            assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    private Void trickle(ServerSocket server) throws IOException, InterruptedException {
        try (java.net.Socket socket = server.accept()) {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 1000 && !Thread.currentThread().isInterrupted(); i++) {
                out.write('a');
                out.flush();
                release.await(50, TimeUnit.MILLISECONDS);
            }
        }
        catch (IOException closed) {
            // the client gave up and closed: what the test expects
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("clients")
    void goesThroughTheProxyOfTheSystemProperties(EnrichmentHttpClient client) throws Exception {
        // this server plays the proxy: a request for a host that does not exist can only be answered through it
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", String.valueOf(server.getAddress().getPort()));
        try {
            EnrichmentHttpClient.Response proxied = client
                    .get(URI.create("http://companies.tributary.invalid/companies/ACME"), Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);

            assertThat(proxied.status()).isEqualTo(200);
            assertThat(new String(proxied.body(), StandardCharsets.UTF_8)).isEqualTo("{\"sector\":\"Energy\"}");
        }
        finally {
            System.clearProperty("http.proxyHost");
            System.clearProperty("http.proxyPort");
        }
    }

    @ParameterizedTest
    @MethodSource("clients")
    void failsWhenTheConnectionIsRefused(EnrichmentHttpClient client) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CompletableFuture<EnrichmentHttpClient.Response> refused = client
                .get(URI.create("http://127.0.0.1:" + closedPort + "/companies/ACME"), Duration.ofSeconds(5));

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void defaultClientRunsOnItsOwnNamedDaemonThreads() throws Exception {
        DEFAULT.get(uri("/companies/ACME"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        List<Thread> clientThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(candidate -> candidate.getName().startsWith("tributary-enrich-http-")).toList();
        assertThat(clientThreads).isNotEmpty().allSatisfy(candidate -> assertThat(candidate.isDaemon()).isTrue());
    }

    @Test
    void resourcesBuiltWithoutAClientShareTheDefaultOne() {
        assertThat(EnrichmentResources.builder().build().httpClient()).isSameAs(DEFAULT);
        assertThat(EnrichmentResources.builder().httpClient(JDK).build().httpClient()).isSameAs(JDK);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        accept.set(exchange.getRequestHeaders().getFirst("Accept"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
