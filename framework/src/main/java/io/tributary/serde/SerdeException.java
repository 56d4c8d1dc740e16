package io.tributary.serde;

/** Thrown when bytes cannot be read as the expected type, or a value cannot be written. */
public class SerdeException extends RuntimeException {

    public SerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    public SerdeException(String message) {
        super(message);
    }
}
