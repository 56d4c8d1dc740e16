package io.tributary.internals.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StoreProvider} backend must share, run against each by a subclass: ordering, batches,
 * prefix bounds, reopening and wiping must not depend on whether tests run in memory or on RocksDB.
 */
public abstract class KeyValueStoreContractTest {

    protected StoreProvider provider;

    /** A fresh provider over empty storage; the contract closes it after each test. */
    protected abstract StoreProvider createProvider();

    @BeforeEach
    void createStoreProvider() {
        provider = createProvider();
    }

    @AfterEach
    void closeStoreProvider() {
        provider.close();
    }

    @Test
    void getReturnsNullForAMissingKey() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThat(store.get(bytes("absent"))).isNull();
        }
    }

    @Test
    void putsAndDeletesOfABatchAreVisibleToGet() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")).put(bytes("b"), bytes("2")));
            store.write(new StoreBatch().delete(bytes("a")).put(bytes("b"), bytes("3")));

            assertThat(store.get(bytes("a"))).isNull();
            assertThat(store.get(bytes("b"))).isEqualTo(bytes("3"));
        }
    }

    @Test
    void laterOperationOnTheSameKeyWinsWithinABatch() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch()
                    .put(bytes("deleted"), bytes("1")).delete(bytes("deleted"))
                    .delete(bytes("revived")).put(bytes("revived"), bytes("2"))
                    .put(bytes("overwritten"), bytes("3")).put(bytes("overwritten"), bytes("4")));

            assertThat(store.get(bytes("deleted"))).isNull();
            assertThat(store.get(bytes("revived"))).isEqualTo(bytes("2"));
            assertThat(store.get(bytes("overwritten"))).isEqualTo(bytes("4"));
        }
    }

    @Test
    void appliesEveryOperationOfALargeBatchTogether() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            StoreBatch batch = new StoreBatch();
            for (int i = 0; i < 1000; i++) {
                batch.put(bytes("key-" + i), bytes("value-" + i));
            }
            try (StoreIterator before = store.prefixScan(bytes("key-"))) {
                store.write(batch);

                assertThat(before.next()).as("a scan opened before the batch sees none of it").isFalse();
            }
            assertThat(keys(store, bytes("key-"))).hasSize(1000);
            assertThat(store.get(bytes("key-999"))).isEqualTo(bytes("value-999"));
        }
    }

    @Test
    void emptyBatchChangesNothing() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
            store.write(new StoreBatch());

            assertThat(store.get(bytes("a"))).isEqualTo(bytes("1"));
        }
    }

    @Test
    void prefixScanReturnsOnlyKeysWithThePrefixInUnsignedOrder() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch()
                    .put(raw(0x01, 0x01, 0xFF), bytes("before"))
                    .put(raw(0x01, 0x02, 0xFF), bytes("v-ff"))
                    .put(raw(0x01, 0x02, 0x80), bytes("v-80"))
                    .put(raw(0x01, 0x02, 0x7F), bytes("v-7f"))
                    .put(raw(0x01, 0x02), bytes("v-exact"))
                    .put(raw(0x01, 0x02, 0x00), bytes("v-00"))
                    .put(raw(0x01, 0x03), bytes("after"))
                    .put(raw(0x01, 0x03, 0x00), bytes("after")));

            assertThat(entries(store, raw(0x01, 0x02))).containsExactly(
                    entry(raw(0x01, 0x02), "v-exact"),
                    entry(raw(0x01, 0x02, 0x00), "v-00"),
                    entry(raw(0x01, 0x02, 0x7F), "v-7f"),
                    entry(raw(0x01, 0x02, 0x80), "v-80"),
                    entry(raw(0x01, 0x02, 0xFF), "v-ff"));
        }
    }

    @Test
    void prefixScanHandlesAPrefixEndingIn0xFF() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch()
                    .put(raw(0x01, 0xFE, 0xFF), bytes("before"))
                    .put(raw(0x01, 0xFF), bytes("exact"))
                    .put(raw(0x01, 0xFF, 0x00), bytes("low"))
                    .put(raw(0x01, 0xFF, 0xFF, 0xFF), bytes("high"))
                    .put(raw(0x02), bytes("after"))
                    .put(raw(0x02, 0x00), bytes("after")));

            assertThat(entries(store, raw(0x01, 0xFF))).containsExactly(
                    entry(raw(0x01, 0xFF), "exact"),
                    entry(raw(0x01, 0xFF, 0x00), "low"),
                    entry(raw(0x01, 0xFF, 0xFF, 0xFF), "high"));
        }
    }

    @Test
    void prefixScanOfOnly0xFFBytesRunsToTheEndOfTheStore() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch()
                    .put(raw(0xFF), bytes("shorter"))
                    .put(raw(0xFF, 0xFE, 0xFF), bytes("below"))
                    .put(raw(0xFF, 0xFF), bytes("exact"))
                    .put(raw(0xFF, 0xFF, 0x00), bytes("low"))
                    .put(raw(0xFF, 0xFF, 0xFF, 0xFF), bytes("last")));

            assertThat(entries(store, raw(0xFF, 0xFF))).containsExactly(
                    entry(raw(0xFF, 0xFF), "exact"),
                    entry(raw(0xFF, 0xFF, 0x00), "low"),
                    entry(raw(0xFF, 0xFF, 0xFF, 0xFF), "last"));
        }
    }

    @Test
    void emptyPrefixScansTheWholeStore() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(raw(0xFF), bytes("c")).put(raw(0x00), bytes("a")).put(raw(0x7F), bytes("b")));

            assertThat(keys(store, new byte[0])).containsExactly(raw(0x00), raw(0x7F), raw(0xFF));
        }
    }

    @Test
    void prefixScanDoesNotSeeWritesMadeWhileItIsOpen() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("p-1"), bytes("old")).put(bytes("p-2"), bytes("old")));

            List<String> seen = new ArrayList<>();
            try (StoreIterator iterator = store.prefixScan(bytes("p-"))) {
                assertThat(iterator.next()).isTrue();
                seen.add(string(iterator.key()) + "=" + string(iterator.value()));
                store.write(new StoreBatch().delete(bytes("p-2")).put(bytes("p-1"), bytes("new"))
                        .put(bytes("p-3"), bytes("new")));
                while (iterator.next()) {
                    seen.add(string(iterator.key()) + "=" + string(iterator.value()));
                }
            }

            assertThat(seen).containsExactly("p-1=old", "p-2=old");
            assertThat(keys(store, bytes("p-"))).containsExactly(bytes("p-1"), bytes("p-3"));
        }
    }

    @Test
    void iteratorHasNoCurrentEntryBeforeNextOrAfterTheEnd() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
            try (StoreIterator iterator = store.prefixScan(bytes("a"))) {
                assertThatThrownBy(iterator::key).isInstanceOf(NoSuchElementException.class);
                assertThat(iterator.next()).isTrue();
                assertThat(iterator.next()).isFalse();
                assertThat(iterator.next()).as("stays exhausted").isFalse();
                assertThatThrownBy(iterator::value).isInstanceOf(NoSuchElementException.class);
            }
        }
    }

    @Test
    void callerMayReuseItsArraysAfterWriting() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            byte[] key = bytes("k");
            byte[] value = bytes("v");
            store.write(new StoreBatch().put(key, value));
            value[0] = 'x';
            store.get(key)[0] = 'y';

            assertThat(store.get(bytes("k"))).isEqualTo(bytes("v"));
        }
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        try (KeyValueStore store = provider.open("orders", 3)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")).put(bytes("b"), bytes("2")));
        }
        try (KeyValueStore store = provider.open("orders", 3)) {
            assertThat(store.get(bytes("a"))).isEqualTo(bytes("1"));
            assertThat(keys(store, bytes(""))).containsExactly(bytes("a"), bytes("b"));
        }
    }

    @Test
    void storesAreSeparatedByProcessorAndPartition() {
        try (KeyValueStore orders0 = provider.open("orders", 0);
                KeyValueStore orders1 = provider.open("orders", 1);
                KeyValueStore payments0 = provider.open("payments", 0)) {
            orders0.write(new StoreBatch().put(bytes("k"), bytes("orders-0")));
            orders1.write(new StoreBatch().put(bytes("k"), bytes("orders-1")));

            assertThat(orders0.get(bytes("k"))).isEqualTo(bytes("orders-0"));
            assertThat(orders1.get(bytes("k"))).isEqualTo(bytes("orders-1"));
            assertThat(payments0.get(bytes("k"))).isNull();
        }
    }

    @Test
    void wipeEmptiesTheStore() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            store.write(new StoreBatch().put(bytes("a"), bytes("1")));
        }
        try (KeyValueStore other = provider.open("orders", 1)) {
            other.write(new StoreBatch().put(bytes("a"), bytes("1")));
        }

        provider.wipe("orders", 0);

        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThat(store.get(bytes("a"))).isNull();
            assertThat(store.approximateEntries()).isZero();
        }
        try (KeyValueStore other = provider.open("orders", 1)) {
            assertThat(other.get(bytes("a"))).as("other partitions keep their data").isEqualTo(bytes("1"));
        }
    }

    @Test
    void wipeOfAStoreThatNeverExistedDoesNothing() {
        provider.wipe("never-opened", 7);

        try (KeyValueStore store = provider.open("never-opened", 7)) {
            assertThat(store.approximateEntries()).isZero();
        }
    }

    @Test
    void wipeOfAnOpenStoreIsRejected() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThatThrownBy(() -> provider.wipe("orders", 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("orders/0")
                    .hasMessageContaining("close it first");
        }
    }

    @Test
    void openingAnOpenStoreAgainIsRejected() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThatThrownBy(() -> provider.open("orders", 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("orders/0 is already open");
        }
    }

    @Test
    void processorNameMustBeUsableAsADirectoryName() {
        assertThatThrownBy(() -> provider.open("../escape", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../escape'");
        assertThatThrownBy(() -> provider.open("orders", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
    }

    @Test
    void closedStoreRejectsFurtherUse() {
        KeyValueStore store = provider.open("orders", 0);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.get(bytes("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orders/0")
                .hasMessageContaining("closed");
    }

    @Test
    void approximateEntriesAndSizeGrowWithWrites() {
        try (KeyValueStore store = provider.open("orders", 0)) {
            assertThat(store.approximateEntries()).isZero();
            long emptySize = store.approximateSizeBytes();
            StoreBatch batch = new StoreBatch();
            for (int i = 0; i < 500; i++) {
                batch.put(bytes("key-" + i), new byte[100]);
            }
            store.write(batch);

            assertThat(store.approximateEntries()).isGreaterThanOrEqualTo(250).isLessThanOrEqualTo(1000);
            assertThat(store.approximateSizeBytes()).isGreaterThan(emptySize);
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] raw(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    protected static List<byte[]> keys(KeyValueStore store, byte[] prefix) {
        List<byte[]> keys = new ArrayList<>();
        try (StoreIterator iterator = store.prefixScan(prefix)) {
            while (iterator.next()) {
                keys.add(iterator.key());
            }
        }
        return keys;
    }

    private static List<String> entries(KeyValueStore store, byte[] prefix) {
        List<String> entries = new ArrayList<>();
        try (StoreIterator iterator = store.prefixScan(prefix)) {
            while (iterator.next()) {
                entries.add(entry(iterator.key(), string(iterator.value())));
            }
        }
        return entries;
    }

    private static String entry(byte[] key, String value) {
        return HexFormat.of().formatHex(key) + "=" + value;
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
