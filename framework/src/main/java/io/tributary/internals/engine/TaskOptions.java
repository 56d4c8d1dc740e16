package io.tributary.internals.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.tributary.api.TributaryConfig;

/**
 * Per-task tuning.
 *
 * @param maxDirtyEntries dirty cache entries (state and timers) that trigger a commit before the interval
 * @param maxCachedEntries cached entries above which clean ones are dropped after a commit
 * @param ttlScanInterval how often stored state is scanned for expired TTL entries
 * @param propagatedHeaders names of input headers (lower case) copied onto the outputs emitted while processing it
 */
public record TaskOptions(int maxDirtyEntries, int maxCachedEntries, Duration ttlScanInterval,
        Set<String> propagatedHeaders) {

    public TaskOptions {
        propagatedHeaders = propagatedHeaders.stream().map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static TaskOptions defaults() {
        return new TaskOptions(100_000, 200_000, Duration.ofSeconds(30), TributaryConfig.TRACE_HEADERS);
    }
}
