package io.tributary.internals.engine;

import java.util.List;

import io.tributary.api.ProcessContext;
import org.jspecify.annotations.Nullable;

/**
 * A keyed function that can process a record from the texts of a few of its top-level JSON fields, without the value's
 * tree: a keep-first deduplication reads its key and event time (which the task reads anyway) and at most its output
 * key, and forwards the input bytes; a window operator of built-in aggregations reads its key and numeric fields. The
 * task then reads those fields from the record's bytes where it can ({@link ScanningExtractor}) and calls
 * {@link #processFields}; a record it cannot read so is parsed and goes to {@code processElement} as before, so the
 * function must give both the same meaning.
 *
 * @param <K> the key type
 * @param <O> the output value type
 */
public interface ScannedFieldsFunction<K, O> {

    /**
     * The top-level fields the function reads besides key and event time, whose texts {@link #processFields} gets in
     * this order; {@code null} when it needs the value's tree. Asked once, before the task opens.
     */
    @Nullable List<String> scannedFields();

    /**
     * Processes the current record as {@code processElement} would, given the text of each field of
     * {@link #scannedFields} as {@code KeySelectors.field} reads it, and its JSON kind, none missing; {@code fields} is
     * re-pointed at the next record.
     */
    void processFields(ScannedFields fields, ProcessContext<K, O> context) throws Exception;

    /**
     * Whether {@link #processFields} also takes fields of kind
     * {@link io.tributary.internals.json.JsonFieldScanner#DECIMAL} (a number with a fraction or exponent, whose text is
     * its literal, not the tree's), parsing them as the default mapper does; otherwise such a record goes to the tree.
     * Never for fields that are also key or event time.
     */
    default boolean readsDecimals() {
        return false;
    }
}
