package io.tributary.internals.engine;

import io.tributary.internals.json.JsonFieldScanner;

/**
 * The texts of the top-level fields a {@link ScannedFieldsFunction} reads, in the record being processed, as read from
 * its bytes: as strings ({@link #text}) or as their UTF-8 ({@link #utf8}), which is what the string serde writes for
 * them, so a function that keys an output by one needs no string; and their JSON kinds ({@link #kind}). Re-pointed at
 * each record; single-threaded.
 */
public final class ScannedFields {

    /** Enough slots for the symbols of a market feed, and only a few KiB. */
    private static final int CACHE_SLOTS = 256;

    private final JsonFieldScanner scanner;
    private final int[] fields;
    private final Utf8Cache cache = new Utf8Cache(CACHE_SLOTS);
    private byte[] value = new byte[0];

    ScannedFields(JsonFieldScanner scanner, int[] fields) {
        this.scanner = scanner;
        this.fields = fields;
    }

    /** Points at the value the scanner has just scanned. */
    void scanned(byte[] scannedValue) {
        this.value = scannedValue;
    }

    /** How many fields: those the function asked for, in its order. */
    public int size() {
        return fields.length;
    }

    /**
     * The text of field {@code index}, as {@code KeySelectors.field} reads it from the tree; for a
     * {@link JsonFieldScanner#DECIMAL}, its literal, which is not.
     */
    public String text(int index) {
        return scanner.text(fields[index]);
    }

    /**
     * What JSON value field {@code index} holds: {@link JsonFieldScanner#STRING}, {@link JsonFieldScanner#INTEGER},
     * {@link JsonFieldScanner#TRUE} or {@link JsonFieldScanner#FALSE}, and {@link JsonFieldScanner#DECIMAL} for a
     * function that {@link ScannedFieldsFunction#readsDecimals reads decimals} (a field of any other kind sends its
     * record to the tree), for a function that must tell a string {@code "5"} from a number {@code 5}, which have the
     * same text.
     */
    public byte kind(int index) {
        return scanner.kind(fields[index]);
    }

    /**
     * The UTF-8 bytes of {@link #text}: strictly valid UTF-8, so decoding them gives the text and the string serde
     * writes them for it. Possibly an array returned before for the same bytes: read it, never write to it.
     */
    public byte[] utf8(int index) {
        int field = fields[index];
        return cache.bytes(value, scanner.start(field), scanner.end(field));
    }
}
