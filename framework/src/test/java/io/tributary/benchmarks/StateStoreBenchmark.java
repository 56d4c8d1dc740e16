package io.tributary.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreProvider;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.state.RocksDbSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the state backends under the runtime's access pattern: point reads of hot keys and batched writes of
 * 100 entries (16-byte keys, 100-byte values), RocksDB against the in-memory store as a baseline.
 *
 * <p>Run with {@code ./mvnw -pl framework -Pbenchmarks verify -DskipTests}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StateStoreBenchmark {

    /** Which {@link StoreProvider} backs the store. */
    public enum Backend {
        ROCKSDB, MEMORY
    }

    private static final int KEY_COUNT = 1 << 16;
    private static final int KEY_BYTES = 16;
    private static final int VALUE_BYTES = 100;
    private static final int BATCH_SIZE = 100;

    @Param({"ROCKSDB", "MEMORY"})
    public Backend backend;

    private Path stateDir;
    private StoreProvider provider;
    private KeyValueStore store;
    private byte[][] keys;
    private byte[] value;
    private final StoreBatch batch = new StoreBatch();
    private int next;

    @Setup(Level.Trial)
    public void openAndLoadStore() throws IOException {
        stateDir = Files.createTempDirectory("tributary-state-benchmark");
        provider = backend == Backend.ROCKSDB
                ? new RocksDbStoreProvider(stateDir, RocksDbSettings.defaults())
                : new InMemoryStoreProvider();
        store = provider.open("benchmark", 0);

        SplittableRandom random = new SplittableRandom(42);
        keys = new byte[KEY_COUNT][];
        for (int i = 0; i < KEY_COUNT; i++) {
            keys[i] = randomBytes(random, KEY_BYTES);
        }
        value = randomBytes(random, VALUE_BYTES);
        for (int start = 0; start < KEY_COUNT; start += 1000) {
            StoreBatch load = new StoreBatch();
            for (int i = start; i < Math.min(start + 1000, KEY_COUNT); i++) {
                load.put(keys[i], value);
            }
            store.write(load);
        }
    }

    @TearDown(Level.Trial)
    public void closeAndDeleteStore() throws IOException {
        store.close();
        provider.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A point read of a key that is present. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public byte[] getHit() {
        return store.get(keys[next++ & (KEY_COUNT - 1)]);
    }

    /** One atomic batch of 100 puts overwriting existing keys, as a cache flush writes them. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public StoreBatch putBatchOf100() {
        batch.clear();
        for (int i = 0; i < BATCH_SIZE; i++) {
            batch.put(keys[next++ & (KEY_COUNT - 1)], value);
        }
        store.write(batch);
        return batch;
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
