package io.tributary.api;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one processor that replace the instance-wide ones of {@link TributaryConfig} (set with
 * {@link TributaryConfig.Builder#processorOverrides}): each {@code null} field keeps the instance-wide value.
 * Immutable; validated when built into a {@link TributaryConfig}.
 *
 * <p>State backend and RocksDB settings stay instance-wide: all stores of an instance share one block cache and
 * write-buffer manager, so their memory is bounded together.
 *
 * @param enabled whether the processor runs on this instance; a disabled processor is not started at all
 * @param threads processing threads of this processor, or {@code null}
 * @param commitInterval how often this processor commits, or {@code null}
 * @param guarantee this processor's processing guarantee, or {@code null}
 */
public record ProcessorOverrides(boolean enabled, @Nullable Integer threads, @Nullable Duration commitInterval,
        @Nullable ProcessingGuarantee guarantee) {

    /** No override: the processor runs with the instance-wide settings. */
    public static ProcessorOverrides none() {
        return new ProcessorOverrides(true, null, null, null);
    }

    public ProcessorOverrides withEnabled(boolean value) {
        return new ProcessorOverrides(value, threads, commitInterval, guarantee);
    }

    public ProcessorOverrides withThreads(@Nullable Integer value) {
        return new ProcessorOverrides(enabled, value, commitInterval, guarantee);
    }

    public ProcessorOverrides withCommitInterval(@Nullable Duration value) {
        return new ProcessorOverrides(enabled, threads, value, guarantee);
    }

    public ProcessorOverrides withGuarantee(@Nullable ProcessingGuarantee value) {
        return new ProcessorOverrides(enabled, threads, commitInterval, value);
    }
}
