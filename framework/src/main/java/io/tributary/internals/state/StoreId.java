package io.tributary.internals.state;

/**
 * Names one store: the state of {@code processor} for one input {@code partition}.
 *
 * <p>Exists so both backends key their stores, name them in errors and lay them out on disk the same way. The
 * processor name becomes a directory name, so it must not contain path separators.
 *
 * @param processor the processor's name; not blank, no {@code /}, {@code \}, and not {@code .} or {@code ..}
 * @param partition the input partition; not negative
 */
public record StoreId(String processor, int partition) {

    public StoreId {
        if (processor.isBlank() || processor.equals(".") || processor.equals("..")
                || processor.indexOf('/') >= 0 || processor.indexOf('\\') >= 0 || processor.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Processor name must be usable as a directory name, got '" + processor
                    + "'; use letters, digits, '-', '_' or '.' (no path separators)");
        }
        if (partition < 0) {
            throw new IllegalArgumentException(
                    "Partition of processor '" + processor + "' must not be negative, got " + partition);
        }
    }

    /** {@code processor/partition}, as used in error messages and on disk. */
    @Override
    public String toString() {
        return processor + "/" + partition;
    }
}
