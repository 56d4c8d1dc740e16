package io.tributary.internals.engine;

/**
 * A context that tells its function, when it opens, which states its task's store holds entries of: for a function
 * that changed how it lays out its state and must tell a store written by the earlier layout, to keep using that
 * layout (or migrate) rather than lose what it holds.
 */
public interface StoredStates {

    /**
     * Whether the task's store holds any entry of the state named {@code name}, of any key. Reads the store only, so
     * it sees the state as of the last commit: meant for {@code open}, when the store holds all the task's state.
     */
    boolean hasStoredEntries(String name);
}
