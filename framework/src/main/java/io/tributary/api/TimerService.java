package io.tributary.api;

import java.time.Instant;

/**
 * Timers of the current key. A timer is identified by (key, domain, time): registering the same one twice
 * keeps one. Timers are stored with the state and its changelog, so they survive crashes and move with
 * their partition; each fires once, in time order, in the transaction that commits its outputs.
 *
 * <p>An event-time timer fires when the watermark reaches its time; a processing-time timer when the clock
 * does.
 */
public interface TimerService {

    void registerEventTimeTimer(Instant time);

    void deleteEventTimeTimer(Instant time);

    void registerProcessingTimeTimer(Instant time);

    void deleteProcessingTimeTimer(Instant time);

    Instant currentWatermark();

    Instant currentProcessingTime();
}
