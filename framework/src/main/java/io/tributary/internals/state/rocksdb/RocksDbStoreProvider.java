package io.tributary.internals.state.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StateStoreException;
import io.tributary.internals.state.StoreId;
import io.tributary.internals.state.StoreProvider;
import io.tributary.state.RocksDbSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StoreProvider} keeping each store in its own RocksDB database under
 * {@code stateDir/<processor>/<partition>}.
 *
 * <p>All stores opened by one provider share one block cache of {@link RocksDbSettings#memoryBudgetBytes()} and one
 * write-buffer manager charged to it, so the instance's off-heap memory is bounded however many partitions it is
 * assigned. One provider per runtime instance and state directory; two providers must not share a directory.
 *
 * <p>Thread-safe. A store may be open once at a time; opening it again before closing it, or wiping it while open,
 * fails with {@link IllegalStateException}. {@link #close()} closes any store still open, then frees the shared
 * cache and write-buffer manager.
 */
public final class RocksDbStoreProvider implements StoreProvider {

    private static final Logger log = LoggerFactory.getLogger(RocksDbStoreProvider.class);

    private final Path stateDir;
    private final RocksDbSharedResources shared;
    private final Map<StoreId, RocksDbKeyValueStore> openStores = new HashMap<>();
    private boolean closed;

    /**
     * Creates a provider for stores under {@code stateDir}, allocating the shared cache and write-buffer manager.
     * Option names in {@code settings} are checked when a store opens.
     */
    public RocksDbStoreProvider(Path stateDir, RocksDbSettings settings) {
        this.stateDir = stateDir;
        this.shared = new RocksDbSharedResources(settings);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the settings hold an unknown RocksDB option
     * @throws StateStoreException if the directory cannot be created or RocksDB cannot open the database
     */
    @Override
    public synchronized KeyValueStore open(String processor, int partition) {
        StoreId id = new StoreId(processor, partition);
        if (closed) {
            throw new IllegalStateException("Cannot open store " + id + ": the RocksDB store provider is closed");
        }
        if (openStores.containsKey(id)) {
            throw new IllegalStateException("Store " + id + " is already open; close it before opening it again");
        }
        Path directory = directoryOf(id);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StateStoreException("Cannot create the directory of RocksDB store " + id + " at " + directory
                    + ": " + e + "; check the state directory is writable", e);
        }
        RocksDbKeyValueStore store = RocksDbKeyValueStore.open(id, directory, shared, () -> closed(id));
        openStores.put(id, store);
        return store;
    }

    /**
     * Deletes the store's directory.
     *
     * @throws IllegalStateException if the store is open
     * @throws StateStoreException if the directory cannot be deleted
     */
    @Override
    public synchronized void wipe(String processor, int partition) {
        StoreId id = new StoreId(processor, partition);
        if (openStores.containsKey(id)) {
            throw new IllegalStateException("Cannot wipe RocksDB store " + id + " while it is open; close it first");
        }
        Path directory = directoryOf(id);
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            throw new StateStoreException("Cannot wipe RocksDB store " + id + " at " + directory + ": " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RocksDbKeyValueStore> leftOpen = new ArrayList<>(openStores.values());
        if (!leftOpen.isEmpty()) {
            log.warn("Closing {} RocksDB store(s) still open when their provider closed: {}", leftOpen.size(),
                    openStores.keySet());
        }
        for (RocksDbKeyValueStore store : leftOpen) {
            try {
                store.close();
            } catch (RuntimeException e) {
                // Keep going: the shared cache must be freed whatever one store does.
                log.warn("Failed to close a RocksDB store while closing its provider", e);
            }
        }
        shared.close();
    }

    private Path directoryOf(StoreId id) {
        return stateDir.resolve(id.processor()).resolve(Integer.toString(id.partition()));
    }

    private synchronized void closed(StoreId id) {
        openStores.remove(id);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException alreadyGone) {
                    // Already gone, which is what we wanted.
                }
            }
        }
    }
}
