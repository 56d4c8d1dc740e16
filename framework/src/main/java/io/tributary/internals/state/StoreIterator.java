package io.tributary.internals.state;

/** A cursor over store entries in key order; {@link #close()} releases native resources. */
public interface StoreIterator extends AutoCloseable {

    /** Moves to the next entry; returns {@code false} when there is none. */
    boolean next();

    byte[] key();

    byte[] value();

    @Override
    void close();
}
