package io.tributary.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a state entry lives after its last write, in event time (measured against the watermark) or
 * in processing time. An expired entry reads as absent at once and is deleted from the store, with a
 * changelog tombstone, by the runtime's eviction.
 *
 * @param timeToLive how long an entry lives after its last write; positive
 * @param domain which clock measures it
 */
public record StateTtl(Duration timeToLive, TimeDomain domain) {

    public StateTtl {
        Objects.requireNonNull(timeToLive, "timeToLive");
        Objects.requireNonNull(domain, "domain");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("state TTL must be positive, got " + timeToLive);
        }
    }

    /** Entries expire once the watermark passes their last write's event time plus {@code ttl}. */
    public static StateTtl eventTime(Duration ttl) {
        return new StateTtl(ttl, TimeDomain.EVENT_TIME);
    }

    /** Entries expire {@code ttl} of wall-clock time after their last write. */
    public static StateTtl processingTime(Duration ttl) {
        return new StateTtl(ttl, TimeDomain.PROCESSING_TIME);
    }
}
