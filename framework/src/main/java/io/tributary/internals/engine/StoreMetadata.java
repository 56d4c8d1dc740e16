package io.tributary.internals.engine;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;

/**
 * The changelog offset a store has caught up to, kept inside the store itself (written in the same atomic
 * batch as the data it covers), so the store and its checkpoint can never disagree.
 */
public final class StoreMetadata {

    private StoreMetadata() {
    }

    /** The offset of the last changelog record the store holds, or -1 when it holds none. */
    public static long changelogOffset(KeyValueStore store) {
        byte[] stored = store.get(StoreKeys.CHANGELOG_OFFSET_KEY);
        return stored == null ? -1 : StoreKeys.readLong(stored);
    }

    /** Adds the offset marker to a batch of changelog records being applied to the store. */
    public static void recordChangelogOffset(StoreBatch batch, long offset) {
        batch.put(StoreKeys.CHANGELOG_OFFSET_KEY, StoreKeys.longBytes(offset));
    }
}
