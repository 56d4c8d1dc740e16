package io.tributary.internals.engine;

import java.time.Duration;

/**
 * Per-task tuning.
 *
 * @param maxDirtyEntries dirty cache entries (state and timers) that trigger a commit before the interval
 * @param maxCachedEntries cached entries above which clean ones are dropped after a commit
 * @param ttlScanInterval how often stored state is scanned for expired TTL entries
 */
public record TaskOptions(int maxDirtyEntries, int maxCachedEntries, Duration ttlScanInterval) {

    public static TaskOptions defaults() {
        return new TaskOptions(100_000, 200_000, Duration.ofSeconds(30));
    }
}
