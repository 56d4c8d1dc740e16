package io.tributary.internals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TributaryConfig;
import io.tributary.dedup.Deduplication;
import io.tributary.internals.engine.CountingStore;
import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.StoreProvider;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.state.RocksDbSettings;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor thread asks every open task's store, about once a second, to flush writes older than
 * {@link ProcessorThread#MAX_UNFLUSHED_AGE}: the stores write without RocksDB's log, and this is what bounds how far
 * back a crash takes them.
 */
@RealKafka
class StoreFlushIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void everyOpenTasksStoreIsAskedToPersistItsOldWrites(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("flush-in", 2);
        String app = broker.uniqueTopic("flush-app");
        TributaryConfig config = TributaryConfig.builder(app).instanceId("flush-1")
                .bootstrapServers(broker.bootstrapServers()).stateDir(stateDir).build();
        ProcessorDefinition<?, ?, ?> dedup = Deduplication.builder("flush-dedup")
                .source(input)
                .output(broker.uniqueTopic("flush-out"))
                .keyBy("id")
                .eventTime("ts")
                .scope(Duration.ofMinutes(1))
                .build();
        List<CountingStore> opened = new CopyOnWriteArrayList<>();
        try (StoreProvider stores = counting(new RocksDbStoreProvider(stateDir, RocksDbSettings.defaults()), opened)) {
            ProcessorRuntime runtime = new ProcessorRuntime(dedup, config, stores);
            runtime.start();
            try {
                // both partitions' stores (a rebalance may have opened and closed others before them)
                await().atMost(WAIT).untilAsserted(() -> assertThat(opened)
                        .filteredOn(store -> store.persistedOlderThan() == ProcessorThread.MAX_UNFLUSHED_AGE.toNanos())
                        .hasSizeGreaterThanOrEqualTo(2));
            }
            finally {
                runtime.close(WAIT);
            }
        }
    }

    private static StoreProvider counting(StoreProvider delegate, List<CountingStore> opened) {
        return new StoreProvider() {
            @Override
            public KeyValueStore open(String processor, int partition) {
                CountingStore store = new CountingStore(delegate.open(processor, partition));
                opened.add(store);
                return store;
            }

            @Override
            public void wipe(String processor, int partition) {
                delegate.wipe(processor, partition);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
