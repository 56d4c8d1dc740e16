package io.tributary.state;

/** The clock a timer or a TTL is measured against. */
public enum TimeDomain {
    /** Event time, as advanced by the watermark. */
    EVENT_TIME,
    /** Wall-clock time of the processing instance. */
    PROCESSING_TIME
}
