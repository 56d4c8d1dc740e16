package io.tributary.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local company API for enrichment tests: {@code GET /companies/{symbol}} answers
 * {@code {"symbol":..,"sector":..,"rating":..}} after a per-request latency, or 503 while failing. Counts requests
 * and the most it served at once. The latency stands in for a remote service; tests never sleep to synchronise.
 */
final class CompanyApiServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(256);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicLong failuresLeft = new AtomicLong();
    private volatile boolean failing;
    private volatile ToLongFunction<String> latencyMillis = symbol -> 0;

    CompanyApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.createContext("/companies/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Latency per request, from the symbol asked for. */
    void latency(ToLongFunction<String> millis) {
        this.latencyMillis = millis;
    }

    /** Answers 503 to every request until {@code failing(false)}. */
    void failing(boolean failing) {
        this.failing = failing;
    }

    /** Answers 503 to the next {@code count} requests. */
    void failNext(long count) {
        failuresLeft.set(count);
    }

    int requests() {
        return requests.get();
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            String symbol = exchange.getRequestURI().getPath().substring("/companies/".length());
            long latency = latencyMillis.applyAsLong(symbol);
            if (latency > 0) {
                TimeUnit.MILLISECONDS.sleep(latency);
            }
            if (failing || failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                respond(exchange, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            respond(exchange, 200, "{\"symbol\":\"" + symbol + "\",\"sector\":\"Sector-" + symbol
                    + "\",\"rating\":\"A\"}");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            concurrent.decrementAndGet();
            exchange.close();
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
        server.stop(0);
        executor.shutdownNow();
    }
}
