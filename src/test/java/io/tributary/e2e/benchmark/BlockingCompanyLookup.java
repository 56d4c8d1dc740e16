package io.tributary.e2e.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The enrichment baseline: one blocking GET of the company per record, the call a stream processor without async
 * I/O makes in its processing thread (Kafka Streams' {@code mapValues}, or a plain Tributary function).
 * Thread-safe (the JDK client is).
 */
final class BlockingCompanyLookup {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    BlockingCompanyLookup(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The company API's answer for {@code symbol}, waiting for it. */
    JsonNode company(String symbol) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/companies/" + symbol))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("company API answered " + response.statusCode() + " for " + symbol);
            }
            return JSON.readTree(response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted looking up " + symbol, ex);
        }
    }
}
