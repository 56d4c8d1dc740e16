package io.tributary.e2e.benchmark;

import java.time.Duration;

/**
 * The jobs every system runs, with the stock-ticker sample's semantics (shared/sample-contract.md): the input is
 * keyed by symbol, event time is the {@code timestamp} field, the watermark trails the highest event time by 3 min
 * (Flink's bounded out-of-orderness: highest seen - 3 min - 1 ms), and a window fires once, with its final result.
 */
enum Job {

    /** No processing: each record copied to the output, the ceiling. */
    PIPE("pipe"),
    /** First occurrence of each (symbol, timestamp) passes unchanged, remembered for 10 min of event time. */
    DEDUP("dedup"),
    /** max(price) and count per symbol in 10 min tumbling windows. */
    TUMBLING("tumbling-max"),
    /** max(price) and count per symbol in 10 min windows sliding by 1 min. */
    SLIDING("sliding-max"),
    /**
     * Each tick joined with its company from an HTTP endpoint answering after {@link #LOOKUP_DELAY}, flattened as the
     * sample contract's enrich pipeline writes it.
     */
    ENRICH("enrich");

    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration SLIDE = Duration.ofMinutes(1);
    static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(3);
    static final Duration DEDUP_SCOPE = Duration.ofMinutes(10);
    static final Duration LOOKUP_DELAY = Duration.ofMillis(20);
    /** Lookups in flight per partition task in Tributary's async enrichment (its default). */
    static final int ENRICH_CAPACITY = 100;

    private final String id;

    Job(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    boolean windowed() {
        return this == TUMBLING || this == SLIDING;
    }

    /** Distance between window starts: the size for tumbling windows. */
    long slideMillis() {
        return this == SLIDING ? SLIDE.toMillis() : WINDOW.toMillis();
    }
}
