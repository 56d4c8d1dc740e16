package io.tributary.internals.enrich;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import io.tributary.enrich.EnrichmentHttpClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Reads one answer of an enrichment GET into an {@link EnrichmentHttpClient.Response}: the status and the whole body,
 * in an array sized from {@code Content-Length} when the server sends one.
 *
 * <p>Exists because HttpClient's {@code SimpleResponseConsumer} costs more than the small JSON answers it carries: it
 * allocates a 1 KiB-or-more buffer per response before the first byte arrives, copies it out, and copies the
 * response's headers into a {@code SimpleHttpResponse} that enrichment never reads (about 1 KB of garbage per
 * lookup in the benchmark's profile). One instance per exchange; HttpClient calls it on its I/O thread.
 */
final class BodyConsumer implements AsyncResponseConsumer<EnrichmentHttpClient.Response> {

    private static final byte[] EMPTY = new byte[0];
    /** The first buffer when the length is not announced (chunked): a typical lookup answer fits. */
    private static final int UNKNOWN_LENGTH_BUFFER = 256;
    /** The largest announced length trusted to size the buffer up front; past it, the buffer grows as bytes come. */
    private static final int MAX_PRESIZED = 1 << 20;

    private int status;
    private byte[] body = EMPTY;
    private int length;
    private @Nullable FutureCallback<EnrichmentHttpClient.Response> result;

    @Override
    public void consumeResponse(HttpResponse response, @Nullable EntityDetails entity, HttpContext context,
            FutureCallback<EnrichmentHttpClient.Response> resultCallback) {
        status = response.getCode();
        if (entity == null) {
            resultCallback.completed(new EnrichmentHttpClient.Response(status, EMPTY));
            return;
        }
        long announced = entity.getContentLength();
        body = new byte[announced >= 0 && announced <= MAX_PRESIZED ? (int) announced : UNKNOWN_LENGTH_BUFFER];
        result = resultCallback;
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // a 1xx answer comes before the real one; nothing to keep
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws java.io.IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) {
        int incoming = src.remaining();
        if (length + incoming > body.length) {
            body = Arrays.copyOf(body, Math.max(length + incoming, body.length * 2));
        }
        src.get(body, length, incoming);
        length += incoming;
    }

    @Override
    public void streamEnd(@Nullable List<? extends Header> trailers) {
        FutureCallback<EnrichmentHttpClient.Response> callback = result;
        if (callback != null) {
            result = null;
            callback.completed(new EnrichmentHttpClient.Response(status,
                    length == body.length ? body : Arrays.copyOf(body, length)));
        }
    }

    @Override
    public void failed(Exception cause) {
        // the exchange's own callback reports the failure; the body read so far is dropped
        releaseResources();
    }

    @Override
    public void releaseResources() {
        result = null;
        body = EMPTY;
    }
}
