package io.tributary.e2e.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * The company REST API of the enrich pipeline as a real local HTTP server the scenario controls: {@code GET
 * /companies/{symbol}} answers {@code {"symbol","sector","rating"}} for the tick feed's ten symbols (404 for others),
 * after a latency the scenario sets, failing a share of requests with 503, or not listening at all (connections
 * refused) until made reachable again on the same port. Thread-safe.
 */
final class CompanyApi implements AutoCloseable {

    /** Sector and rating by symbol: what the API answers, and what the checker expects in enriched ticks. */
    static final Map<String, String[]> COMPANIES = Map.of(
            "AAPL", new String[] { "Technology", "AA" },
            "AMZN", new String[] { "Consumer", "A" },
            "GOOGL", new String[] { "Communication Services", "AA" },
            "MSFT", new String[] { "Technology", "AAA" },
            "META", new String[] { "Communication Services", "A" },
            "NVDA", new String[] { "Technology", "A" },
            "TSLA", new String[] { "Consumer", "BBB" },
            "NFLX", new String[] { "Communication Services", "BBB" },
            "ORCL", new String[] { "Technology", "BBB" },
            "IBM", new String[] { "Technology", "A" });

    /** Requests sleep through their latency on threads of their own: a slow API must not queue them. */
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "company-api");
        thread.setDaemon(true);
        return thread;
    });
    private final int port;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Duration latency = Duration.ZERO;
    private volatile double errorRate;
    private @Nullable HttpServer server;

    CompanyApi() throws IOException {
        this.port = BrokerProcess.freePort();
        reachable();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers every request after {@code latency}, without errors, and listens if it did not. */
    synchronized void healthy() {
        latency = Duration.ZERO;
        errorRate = 0;
        reachable();
    }

    /** Answers after {@code latency}. */
    void slow(Duration latency) {
        this.latency = latency;
    }

    /** Answers a share of requests (0 to 1) with 503. */
    void failing(double errorRate) {
        this.errorRate = errorRate;
    }

    /** Stops listening: open connections are closed and new ones refused. */
    synchronized void unreachable() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port (binding may take a moment while the old socket is released). */
    synchronized void reachable() {
        if (server != null) {
            return;
        }
        await("company API listening on " + port).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> {
                    server = listen();
                    return true;
                });
    }

    /** Requests served, and how many of them were answered 503. */
    String counts() {
        return requests.get() + " requests, " + failed.get() + " answered 503";
    }

    private HttpServer listen() {
        try {
            HttpServer listening = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
            listening.createContext("/companies/", this::handle);
            listening.setExecutor(executor);
            listening.start();
            return listening;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot listen on " + port, ex);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            long nanos = latency.toNanos();
            if (nanos > 0) {
                // the API's own latency, the fault being injected
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
            String symbol = exchange.getRequestURI().getPath().substring("/companies/".length());
            String[] company = COMPANIES.get(symbol);
            if (ThreadLocalRandom.current().nextDouble() < errorRate) {
                failed.incrementAndGet();
                respond(exchange, 503, "{\"error\":\"company API unavailable\"}");
            }
            else if (company == null) {
                respond(exchange, 404, "{\"error\":\"unknown symbol\"}");
            }
            else {
                respond(exchange, 200, "{\"symbol\":\"" + symbol + "\",\"sector\":\"" + company[0]
                        + "\",\"rating\":\"" + company[1] + "\"}");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        unreachable();
        executor.shutdownNow();
    }
}
