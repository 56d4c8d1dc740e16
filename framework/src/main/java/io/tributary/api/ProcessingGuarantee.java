package io.tributary.api;

/** What a reader of the outputs may rely on after a crash. */
public enum ProcessingGuarantee {

    /**
     * Outputs, state changelog and input offsets commit in one Kafka transaction: a {@code read_committed}
     * reader sees each result once. Inputs are read {@code read_committed}.
     */
    EXACTLY_ONCE,

    /** No transactions: faster, but after a crash results since the last commit may appear twice. */
    AT_LEAST_ONCE
}
