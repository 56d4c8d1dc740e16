package io.tributary.enrich;

/**
 * In which order an enrichment emits its results, relative to the order records were read from one partition.
 * Whatever the order, a result is committed only with every offset before its record's.
 */
public enum EnrichmentOrder {

    /** Results in input order per partition: a fast result waits for slower ones before it (Flink's ordered wait). */
    ORDERED,

    /** Each result as soon as it is ready (Flink's unordered wait): the lowest latency, no order at all. */
    UNORDERED,

    /**
     * Results of one key in input order, keys independent of each other: a slow key holds back only its own later
     * records (as Akka's {@code mapAsyncPartitioned}).
     */
    PER_KEY
}
