package io.tributary.enrich;

import java.net.URI;

/**
 * The enrichment API answered with a status other than 2xx. Its {@link #status()} goes into the dead-letter
 * header {@code tributary-enrich-status}; name this class in a resilience4j retry's {@code ignore-exceptions} or a
 * circuit breaker's {@code ignore-exceptions} to change how such answers are treated.
 */
public class EnrichmentHttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public EnrichmentHttpException(URI uri, int status, String body) {
        super("GET " + uri + " answered " + status + (body.isEmpty() ? "" : ": " + body));
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}
