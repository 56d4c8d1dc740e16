package io.tributary.internals.engine;

import io.tributary.state.StateTtl;
import io.tributary.state.TimeDomain;
import org.jspecify.annotations.Nullable;

/**
 * Computes and checks expiry times for a state with a TTL; a state without one gets {@link #NONE}, whose
 * entries never expire and carry no expiry prefix in their stored bytes.
 */
final class TtlPolicy {

    static final TtlPolicy NONE = new TtlPolicy(null);

    private final @Nullable StateTtl ttl;
    private final long ttlMillis;

    private TtlPolicy(@Nullable StateTtl ttl) {
        this.ttl = ttl;
        this.ttlMillis = ttl == null ? 0 : ttl.timeToLive().toMillis();
    }

    static TtlPolicy of(@Nullable StateTtl ttl) {
        return ttl == null ? NONE : new TtlPolicy(ttl);
    }

    boolean enabled() {
        return ttl != null;
    }

    /** The expiry of an entry written now. */
    long expiryOfWrite(TaskClock clock) {
        if (ttl == null) {
            return Long.MAX_VALUE;
        }
        long base = ttl.domain() == TimeDomain.EVENT_TIME ? clock.currentTimestamp() : clock.processingTime();
        long expiry = base + ttlMillis;
        return expiry < base ? Long.MAX_VALUE : expiry;
    }

    boolean isExpired(long expiry, TaskClock clock) {
        if (ttl == null) {
            return false;
        }
        long now = ttl.domain() == TimeDomain.EVENT_TIME ? clock.watermark() : clock.processingTime();
        return now >= expiry;
    }

    /** The stored form: expiry prefix (when TTL is on) then the payload. */
    byte[] encode(byte[] payload, long expiry) {
        if (ttl == null) {
            return payload;
        }
        byte[] out = new byte[8 + payload.length];
        StoreKeys.putLong(out, 0, expiry);
        System.arraycopy(payload, 0, out, 8, payload.length);
        return out;
    }

    long expiryOf(byte[] stored) {
        return ttl == null ? Long.MAX_VALUE : StoreKeys.getLong(stored, 0);
    }

    byte[] payloadOf(byte[] stored) {
        if (ttl == null) {
            return stored;
        }
        byte[] payload = new byte[stored.length - 8];
        System.arraycopy(stored, 8, payload, 0, payload.length);
        return payload;
    }
}
