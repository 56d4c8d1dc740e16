package io.tributary.internals.runtime;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.tributary.api.ProcessorStatus;
import org.jspecify.annotations.Nullable;

/** What one processing thread is doing, written by it and read by health checks and endpoints. */
final class ThreadStatus {

    enum Phase { STARTING, RUNNING, FAILED, STOPPED }

    private volatile Phase phase = Phase.STARTING;
    private volatile boolean restoring;
    private volatile long restoreRemaining;
    private volatile Set<Integer> partitions = Set.of();
    private volatile @Nullable Throwable failure;
    private volatile List<ProcessorStatus.PartitionStatus> partitionStatuses = List.of();

    void running() {
        phase = Phase.RUNNING;
    }

    void restoring(boolean value) {
        restoring = value;
        if (!value) {
            restoreRemaining = 0;
        }
    }

    /** Changelog offsets between the restoring stores' positions and the ends they restore to. */
    void restoreRemaining(long offsets) {
        restoreRemaining = offsets;
    }

    long restoreRemaining() {
        return restoreRemaining;
    }

    void partitions(Set<Integer> owned) {
        partitions = Set.copyOf(new TreeSet<>(owned));
    }

    void partitionStatuses(List<ProcessorStatus.PartitionStatus> sampled) {
        partitionStatuses = List.copyOf(sampled);
    }

    void failed(Throwable cause) {
        failure = cause;
        phase = Phase.FAILED;
    }

    void stopped() {
        if (phase != Phase.FAILED) {
            phase = Phase.STOPPED;
        }
        partitions = Set.of();
        partitionStatuses = List.of();
        restoring = false;
        restoreRemaining = 0;
    }

    Phase phase() {
        return phase;
    }

    boolean restoring() {
        return restoring;
    }

    Set<Integer> partitions() {
        return partitions;
    }

    List<ProcessorStatus.PartitionStatus> partitionStatuses() {
        return partitionStatuses;
    }

    @Nullable Throwable failure() {
        return failure;
    }
}
