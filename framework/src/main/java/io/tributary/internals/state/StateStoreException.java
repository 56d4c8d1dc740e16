package io.tributary.internals.state;

/**
 * A state store failed to read, write, open or delete its data (a RocksDB error or an I/O error).
 *
 * <p>Unchecked because the runtime cannot recover inside a processor: it fails the task, which restores the
 * store from its changelog. The message names the store ({@code processor/partition}) and the operation.
 */
public class StateStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateStoreException(String message) {
        super(message);
    }

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
