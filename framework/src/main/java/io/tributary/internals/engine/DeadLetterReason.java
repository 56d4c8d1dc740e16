package io.tributary.internals.engine;

/** Why a record went to the dead-letter topic; the value of the {@code tributary-dlt-reason} header. */
public enum DeadLetterReason {

    DESERIALIZATION("deserialization"),
    NULL_VALUE("null-value"),
    MISSING_KEY("missing-key"),
    MISSING_TIMESTAMP("missing-timestamp"),
    PROCESSING_ERROR("processing-error");

    private final String header;

    DeadLetterReason(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
