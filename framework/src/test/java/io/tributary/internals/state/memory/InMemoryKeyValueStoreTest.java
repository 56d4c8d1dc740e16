package io.tributary.internals.state.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.internals.state.KeyValueStore;
import io.tributary.internals.state.KeyValueStoreContractTest;
import io.tributary.internals.state.StoreBatch;
import io.tributary.internals.state.StoreProvider;
import org.junit.jupiter.api.Test;

class InMemoryKeyValueStoreTest extends KeyValueStoreContractTest {

    @Override
    protected StoreProvider createProvider() {
        return new InMemoryStoreProvider();
    }

    @Test
    void anotherProviderDoesNotSeeTheData() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
        }
        try (StoreProvider other = new InMemoryStoreProvider(); KeyValueStore store = other.open("orders", 0)) {
            assertThat(store.get(bytes("a"))).isNull();
        }
    }

    @Test
    void approximateSizeCountsLiveKeysAndValues() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("ab"), bytes("123")).put(bytes("cd"), bytes("4")));
            store.write(new StoreBatch().put(bytes("ab"), bytes("1")).delete(bytes("cd")).delete(bytes("absent")));

            assertThat(store.approximateSizeBytes()).isEqualTo(3);
        }
        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThat(store.approximateSizeBytes()).as("recomputed on reopen").isEqualTo(3);
        }
    }
}
