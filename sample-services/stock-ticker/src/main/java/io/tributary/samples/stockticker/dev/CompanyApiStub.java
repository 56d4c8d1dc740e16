package io.tributary.samples.stockticker.dev;

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
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Dev-mode stand-in for the company REST API the {@code enrich} pipeline calls: {@code GET /companies/{symbol}}
 * answers {@code {"symbol":..,"sector":..,"rating":..}} for the generator's ten symbols (404 for others) after 5 to
 * 40 ms, and sometimes fails as a real service does: 2% of requests get a 503, and every minute the API is down
 * for a few seconds, long enough for the circuit breaker to open and the dead-letter count to move.
 *
 * <p>Listens on 127.0.0.1 on a free port ({@link #baseUrl()}); a small pool serves requests. Thread-safe.
 */
public final class CompanyApiStub implements AutoCloseable {

    private static final Map<String, String[]> COMPANIES = Map.of(
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

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32, runnable -> {
        Thread thread = new Thread(runnable, "company-api-stub");
        thread.setDaemon(true);
        return thread;
    });
    private final double errorRate;
    private final Duration outageEvery;
    private final Duration outageLength;
    private final long startNanos = System.nanoTime();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param errorRate the share of requests answered 503, from 0 to 1
     * @param outageEvery how often the API goes down; zero for never
     * @param outageLength how long it stays down each time
     */
    public CompanyApiStub(double errorRate, Duration outageEvery, Duration outageLength) {
        this.errorRate = errorRate;
        this.outageEvery = outageEvery;
        this.outageLength = outageLength;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start the dev company-API stub; set ticker.company-api.base-url", ex);
        }
        server.createContext("/companies/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Where the stub listens, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests served so far, and how many of them failed. */
    public String counts() {
        return "requests=" + requests.get() + " failed=" + failed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 41));
            String symbol = exchange.getRequestURI().getPath().substring("/companies/".length());
            String[] company = COMPANIES.get(symbol);
            if (down() || ThreadLocalRandom.current().nextDouble() < errorRate) {
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

    private boolean down() {
        if (outageEvery.isZero()) {
            return false;
        }
        long sinceStart = System.nanoTime() - startNanos;
        long intoCycle = sinceStart % outageEvery.toNanos();
        // the first outage comes one full cycle after start, not at once
        return sinceStart >= outageEvery.toNanos() && intoCycle < outageLength.toNanos();
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
