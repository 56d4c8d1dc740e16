package io.tributary.state;

/**
 * Keyed state: every call reads or writes the entry of the key whose record or timer is being processed.
 *
 * <p>State handles are used only on the processing thread, from {@code processElement} and {@code onTimer}.
 * Writes are buffered in a write-back cache and become durable, with the outputs and the input offsets,
 * at the next commit; values handed out must not be mutated after {@code update}/{@code put}, and
 * mutations without a following write are not persisted.
 */
public interface State {

    /** Removes the current key's entry. */
    void clear();
}
