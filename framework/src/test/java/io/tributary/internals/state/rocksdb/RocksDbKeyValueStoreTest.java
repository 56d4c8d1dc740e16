package io.tributary.internals.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.KeyValueStoreContractTest;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreIterator;
import io.tributary.internals.state.StoreProvider;
import io.tributary.state.RocksDbSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbKeyValueStoreTest extends KeyValueStoreContractTest {

    @TempDir
    Path stateDir;

    @Override
    protected StoreProvider createProvider() {
        return new RocksDbStoreProvider(stateDir, RocksDbSettings.defaults());
    }

    @Test
    void dataSurvivesARestartOfTheProvider() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
        }
        provider.close();

        try (StoreProvider restarted = createProvider(); KeyValueStore store = restarted.open("orders", 0)) {
            assertThat(store.get(bytes("a"))).isEqualTo(bytes("1"));
        }
    }

    @Test
    void writesSkipTheWriteAheadLogSoACrashLosesUnflushedBatchesWhole() throws IOException {
        Path crashImage = stateDir.resolve("crash-image");
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")).put(bytes("changelog-offset"), bytes("7")));
            // what a SIGKILL now leaves on disk: the memtable is gone, and there is no log to replay it from
            copyDirectory(stateDir.resolve("orders/0"), crashImage.resolve("orders/0"));
            assertThat(store.get(bytes("a"))).isEqualTo(bytes("1"));
        }

        try (StoreProvider afterCrash = new RocksDbStoreProvider(crashImage, RocksDbSettings.defaults());
                KeyValueStore store = afterCrash.open("orders", 0)) {
            assertThat(store.get(bytes("a"))).isNull();
            assertThat(store.get(bytes("changelog-offset"))).isNull();
        }
    }

    @Test
    void persistingWritesOlderThanTheirAgeMakesThemSurviveACrash() throws IOException {
        Path crashImage = stateDir.resolve("crash-image");
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
            store.persistOlderThan(0);

            // the flush runs in the background: a crash image taken before it ends may lack the key
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(readFromCrashImage(crashImage, "a")).isEqualTo(bytes("1")));
        }
    }

    @Test
    void writesYoungerThanTheAgeAreLeftToTheMemtable() throws IOException {
        Path crashImage = stateDir.resolve("crash-image");
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
            store.persistOlderThan(Duration.ofHours(1).toNanos());

            copyDirectory(stateDir.resolve("orders/0"), crashImage.resolve("orders/0"));
        }

        try (StoreProvider afterCrash = new RocksDbStoreProvider(crashImage, RocksDbSettings.defaults());
                KeyValueStore store = afterCrash.open("orders", 0)) {
            assertThat(store.get(bytes("a"))).isNull();
        }
    }

    @Test
    void aCleanCloseFlushesEvenWhenTheOptionsAskToAvoidIt() {
        RocksDbSettings avoiding = RocksDbSettings.defaults()
                .withOptions(Map.of("avoid_flush_during_shutdown", "true"));
        try (StoreProvider first = new RocksDbStoreProvider(stateDir.resolve("avoiding"), avoiding);
                KeyValueStore store = first.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
        }

        try (StoreProvider reopened = new RocksDbStoreProvider(stateDir.resolve("avoiding"), avoiding);
                KeyValueStore store = reopened.open("orders", 0)) {
            assertThat(store.get(bytes("a"))).isEqualTo(bytes("1"));
        }
    }

    @Test
    void storeLivesInAProcessorAndPartitionDirectory() {
        try (KeyValueStore store = provider.open("orders", 3)) {
            assertThat(stateDir.resolve("orders").resolve("3").resolve("CURRENT")).isRegularFile();
        }
    }

    @Test
    void wipeDeletesTheStoreDirectory() {
        try (KeyValueStore store = provider.open("orders", 3)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
        }

        provider.wipe("orders", 3);

        assertThat(stateDir.resolve("orders").resolve("3")).doesNotExist();
    }

    @Test
    void appliesTheMemoryBoundingTableSettingsByDefault() throws IOException {
        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThat(latestOptionsFile(stateDir.resolve("orders/0")))
                    .contains("compression=kLZ4Compression")
                    .contains("block_size=16384")
                    .contains("cache_index_and_filter_blocks=true")
                    .contains("pin_l0_filter_and_index_blocks_in_cache=true")
                    .contains("bloomfilter")
                    .contains("create_if_missing=true");
        }
    }

    @Test
    void appliesDbAndColumnFamilyOptionsFromTheSettings() throws IOException {
        RocksDbSettings settings = RocksDbSettings.defaults().withOptions(Map.of(
                "max_background_jobs", "3", "max_write_buffer_number", "5", "compression", "kZSTD"));
        try (StoreProvider tuned = new RocksDbStoreProvider(stateDir.resolve("tuned"), settings);
                KeyValueStore store = tuned.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));

            assertThat(store.get(bytes("a"))).isEqualTo(bytes("1"));
            assertThat(latestOptionsFile(stateDir.resolve("tuned/orders/0")))
                    .contains("max_background_jobs=3")
                    .contains("max_write_buffer_number=5")
                    .contains("compression=kZSTD");
        }
    }

    @Test
    void unknownOptionFailsOpenNamingTheOption() {
        RocksDbSettings settings = RocksDbSettings.defaults()
                .withOptions(Map.of("max_write_buffer_number", "3", "no_such_option", "1"));
        try (StoreProvider misconfigured = new RocksDbStoreProvider(stateDir, settings)) {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> misconfigured.open("orders", 0))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("unknown RocksDB option 'no_such_option'")
                        .hasMessageContaining("orders/0");
            }
        }
    }

    @Test
    void unparsableOptionValueFailsOpen() {
        RocksDbSettings settings = RocksDbSettings.defaults().withOptions(Map.of("max_write_buffer_number", "many"));
        try (StoreProvider misconfigured = new RocksDbStoreProvider(stateDir, settings)) {
            assertThatThrownBy(() -> misconfigured.open("orders", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'max_write_buffer_number' (value 'many')");
        }
    }

    @Test
    void twentyStoresShareOneProviderAndAllCloseCleanly() {
        List<KeyValueStore> stores = new ArrayList<>();
        for (int partition = 0; partition < 20; partition++) {
            KeyValueStore store = provider.open("orders", partition);
            store.write(new StoreBatch().put(bytes("partition"), bytes(Integer.toString(partition))));
            stores.add(store);
        }
        stores.forEach(KeyValueStore::close);
        provider.close();

        try (StoreProvider restarted = createProvider()) {
            for (int partition = 0; partition < 20; partition++) {
                try (KeyValueStore store = restarted.open("orders", partition)) {
                    assertThat(store.get(bytes("partition"))).isEqualTo(bytes(Integer.toString(partition)));
                }
            }
        }
    }

    @Test
    void closingTheProviderClosesStoresLeftOpen() {
        KeyValueStore store = provider.open("orders", 0);
        store.write(new StoreBatch().put(bytes("a"), bytes("1")));

        provider.close();

        assertThatThrownBy(() -> store.get(bytes("a"))).isInstanceOf(IllegalStateException.class);
        try (StoreProvider restarted = createProvider(); KeyValueStore reopened = restarted.open("orders", 0)) {
            assertThat(reopened.get(bytes("a"))).isEqualTo(bytes("1"));
        }
    }

    @Test
    void closingAStoreClosesItsOpenIterators() {
        KeyValueStore store = provider.open("orders", 0);
        store.write(new StoreBatch().put(bytes("a"), bytes("1")));
        StoreIterator iterator = store.prefixScan(bytes("a"));

        store.close();

        assertThatThrownBy(iterator::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        iterator.close();
    }

    @Test
    void writesBeyondTheMemoryBudgetFlushToDiskAndStayReadable() throws IOException {
        RocksDbSettings small = RocksDbSettings.defaults().withMemoryBudget(4L * 1024 * 1024);
        try (StoreProvider bounded = new RocksDbStoreProvider(stateDir.resolve("small"), small);
                KeyValueStore store = bounded.open("orders", 0)) {
            for (int batchNumber = 0; batchNumber < 8; batchNumber++) {
                StoreBatch batch = new StoreBatch();
                for (int i = 0; i < 1000; i++) {
                    batch.put(bytes("key-" + batchNumber + "-" + i), new byte[1000]);
                }
                store.write(batch);
            }

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sstFiles(stateDir.resolve("small/orders/0")) > 0);
            assertThat(store.get(bytes("key-0-0"))).hasSize(1000);
            assertThat(store.get(bytes("key-7-999"))).hasSize(1000);
            assertThat(store.approximateSizeBytes()).isPositive();
        }
    }

    private static String latestOptionsFile(Path storeDir) throws IOException {
        try (Stream<Path> files = Files.list(storeDir)) {
            Path latest = files.filter(file -> file.getFileName().toString().startsWith("OPTIONS-"))
                    .max(Path::compareTo)
                    .orElseThrow();
            return Files.readString(latest);
        }
    }

    private byte[] readFromCrashImage(Path crashImages, String key) throws IOException {
        Path crashImage = Files.createTempDirectory(Files.createDirectories(crashImages), "attempt");
        copyDirectory(stateDir.resolve("orders/0"), crashImage.resolve("orders/0"));
        try (StoreProvider afterCrash = new RocksDbStoreProvider(crashImage, RocksDbSettings.defaults());
                KeyValueStore store = afterCrash.open("orders", 0)) {
            return store.get(bytes(key));
        }
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static long sstFiles(Path storeDir) throws IOException {
        try (Stream<Path> files = Files.list(storeDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sst")).count();
        }
    }
}
