package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MarkerTableTest {

    @Test
    void holdsWhatAMapWouldThroughInsertsRemovalsAndGrowth() {
        MarkerTable table = new MarkerTable();
        Map<String, Long> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int step = 0; step < 200_000; step++) {
            // few distinct keys, so removals hit long probe runs and the backward shift is exercised
            String key = "AMZN|" + random.nextInt(5_000);
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(3) == 0) {
                int slot = table.find(bytes);
                assertThat(slot >= 0).isEqualTo(model.containsKey(key));
                if (slot >= 0) {
                    table.remove(slot);
                    model.remove(key);
                }
            }
            else {
                int slot = table.insert(bytes);
                table.value(slot, step);
                table.flags(slot, 3);
                model.put(key, (long) step);
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        for (int i = 0; i < 5_000; i++) {
            String key = "AMZN|" + i;
            int slot = table.find(key.getBytes(StandardCharsets.UTF_8));
            if (model.containsKey(key)) {
                assertThat(slot).as(key).isNotNegative();
                assertThat(table.value(slot)).as(key).isEqualTo(model.get(key));
                assertThat(table.flags(slot)).isEqualTo(3);
                assertThat(new String(table.key(slot), StandardCharsets.UTF_8)).isEqualTo(key);
            }
            else {
                assertThat(slot).as(key).isEqualTo(-1);
            }
        }
    }

    @Test
    void insertingAPresentKeyKeepsItsValueAndFlags() {
        MarkerTable table = new MarkerTable();
        int slot = table.insert(new byte[] {1, 2});
        table.value(slot, 7);
        table.flags(slot, 5);
        int again = table.insert(new byte[] {1, 2});
        assertThat(again).isEqualTo(slot);
        assertThat(table.value(again)).isEqualTo(7);
        assertThat(table.flags(again)).isEqualTo(5);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void keysBuiltToCollideUnderArraysHashCodeSpreadOverTheTable() {
        // "Aa" and "BB" have one Arrays.hashCode, and so does each of the 2^12 strings of 12 such pairs
        List<byte[]> colliding = new ArrayList<>();
        for (int bits = 0; bits < 1 << 12; bits++) {
            StringBuilder key = new StringBuilder();
            for (int pair = 0; pair < 12; pair++) {
                key.append((bits >>> pair & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(key.toString().getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(colliding.stream().mapToInt(Arrays::hashCode).distinct().count()).isEqualTo(1);

        MarkerTable table = new MarkerTable();
        colliding.forEach(table::insert);

        assertThat(table.size()).isEqualTo(colliding.size());
        // one chain of 4096 before; a random hash at this load keeps the longest run a few dozen at most
        assertThat(table.maxProbeLength()).isLessThan(100);
        for (byte[] key : colliding) {
            assertThat(table.find(key)).isNotNegative();
        }
    }

    @Test
    void growthPastTheLargestArrayFailsNamingTheCapacityInsteadOfOverflowing() {
        assertThat(MarkerTable.grownCapacity(1 << 29)).isEqualTo(1 << 30);
        assertThatIllegalStateException().isThrownBy(() -> MarkerTable.grownCapacity(MarkerTable.MAX_CAPACITY))
                .withMessageStartingWith("marker table full: it cannot grow past 1073741824 slots");
    }

    @Test
    void keysRemovedInTheOrderTheyCameGiveBackTheirSlabsWithoutCompacting() {
        MarkerTable table = removingMostKeysKeepsTheRestInSmallerSlabs(i -> i < 270_000);
        assertThat(table.compactions()).isZero();
    }

    @Test
    void compactingAfterKeysWentOutOfOrderKeepsTheRestWithTheirValuesInSmallerSlabs() {
        MarkerTable table = removingMostKeysKeepsTheRestInSmallerSlabs(i -> i % 10 != 0);
        assertThat(table.compactions()).isEqualTo(1);
    }

    private MarkerTable removingMostKeysKeepsTheRestInSmallerSlabs(java.util.function.IntPredicate removed) {
        MarkerTable table = new MarkerTable();
        for (int i = 0; i < 300_000; i++) {
            int slot = table.insert(("key-" + i).getBytes(StandardCharsets.UTF_8));
            table.value(slot, i);
        }
        table.compactIfWasteful();
        long full = table.slabs().slabBytes();
        for (int i = 0; i < 300_000; i++) {
            if (removed.test(i)) {
                table.remove(table.find(("key-" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }

        table.compactIfWasteful();

        assertThat(table.slabs().slabBytes()).isLessThan(full / 3)
                .isLessThan(table.slabs().liveBytes() + 2L * KeySlabs.MAX_SLAB_BYTES);
        assertThat(table.size()).isEqualTo(30_000);
        for (int i = 0; i < 300_000; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int slot = table.find(key);
            if (removed.test(i)) {
                assertThat(slot).isEqualTo(-1);
            }
            else {
                assertThat(slot).isNotNegative();
                assertThat(table.value(slot)).isEqualTo(i);
                assertThat(table.key(slot)).isEqualTo(key);
                assertThat(table.findHandle(table.handle(slot), table.slotHash(slot))).isEqualTo(slot);
            }
        }
        // keys added after a compaction go to the new slabs
        int slot = table.insert(new byte[0]);
        assertThat(table.find(new byte[0])).isEqualTo(slot);
        assertThat(table.key(slot)).isEmpty();
        return table;
    }

    @Test
    void keysOfAnyLengthIncludingEmptyAreFoundAndOnlyByEqualBytes() {
        MarkerTable table = new MarkerTable();
        int[] lengths = {0, 1, 7, 8, 9, 127, 128, 300, 70_000, KeySlabs.MAX_SLAB_BYTES + 10};
        for (int length : lengths) {
            byte[] key = new byte[length];
            Arrays.fill(key, (byte) 'k');
            table.value(table.insert(key), length);
        }
        for (int length : lengths) {
            byte[] key = new byte[length];
            Arrays.fill(key, (byte) 'k');
            int slot = table.find(key);
            assertThat(slot).as("length %d", length).isNotNegative();
            assertThat(table.value(slot)).isEqualTo(length);
            assertThat(table.key(slot)).isEqualTo(key);
            if (length > 0) {
                // same length, one byte different
                key[length - 1] = 'j';
                assertThat(table.find(key)).isEqualTo(-1);
            }
        }
        assertThat(table.find(new byte[2])).isEqualTo(-1);
    }

    @Test
    void aTableEmptiedAfterABurstShrinksAndKeepsWhatRemains() {
        MarkerTable table = new MarkerTable();
        for (int i = 0; i < 100_000; i++) {
            table.insert(("burst-" + i).getBytes(StandardCharsets.UTF_8));
        }
        int burstCapacity = table.capacity();
        for (int i = 10; i < 100_000; i++) {
            table.remove(table.find(("burst-" + i).getBytes(StandardCharsets.UTF_8)));
        }

        table.shrinkIfSparse();

        assertThat(table.capacity()).isLessThan(burstCapacity / 1000);
        for (int i = 0; i < 10; i++) {
            int slot = table.find(("burst-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(slot).isNotNegative();
        }
        int steady = table.capacity();
        table.shrinkIfSparse();
        assertThat(table.capacity()).isEqualTo(steady);
    }

    @Test
    void aTableGrownPastAPageKeepsEveryArrayUnderHalfAG1RegionAndShrinksBackToOneSmallPage() {
        MarkerTable table = new MarkerTable();
        // 16 slots, not a page: a small table stays small
        assertThat(table.largestArrayBytes()).isLessThan(1024);
        for (int i = 0; i < 100_000; i++) {
            table.value(table.insert(("key-" + i).getBytes(StandardCharsets.UTF_8)), i);
        }

        assertThat(table.capacity()).isGreaterThanOrEqualTo(4 * SlotPages.PAGE_SLOTS);
        // a long[65536] is 512 KiB and a header: humongous under G1's 1 MiB regions
        assertThat(table.largestArrayBytes()).isLessThan(512 * 1024);
        for (int i = 0; i < 100_000; i++) {
            int slot = table.find(("key-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(slot).as("key-%d", i).isNotNegative();
            assertThat(table.value(slot)).isEqualTo(i);
        }
        for (int i = 10; i < 100_000; i++) {
            table.remove(table.find(("key-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        table.shrinkIfSparse();

        assertThat(table.capacity()).isLessThan(SlotPages.PAGE_SLOTS);
        assertThat(table.largestArrayBytes()).isLessThan(1024);
        for (int i = 0; i < 100_000; i++) {
            int slot = table.find(("key-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(slot >= 0).as("key-%d", i).isEqualTo(i < 10);
        }
    }

    @Test
    void probeRunsCrossingAPageBoundaryAndWrappingFromTheLastSlotFindMoveAndRemoveTheirEntries() {
        MarkerTable table = new MarkerTable();
        // keys homed at even slots, so the runs below take the odd ones; enough to reach two pages
        int fillers = 25_000;
        for (int i = 0; i < fillers; i++) {
            table.value(table.insert(("filler-" + i).getBytes(StandardCharsets.UTF_8), 2 * i), i);
        }
        int capacity = table.capacity();
        assertThat(capacity).isEqualTo(2 * SlotPages.PAGE_SLOTS);
        // a run from the end of the first page into the second, and one from the last slot on past slot 0
        int[] homes = {SlotPages.PAGE_SLOTS - 8, capacity - 6};
        int runLength = 40;
        for (int home : homes) {
            for (int j = 0; j < runLength; j++) {
                int slot = table.insert(runKey(home, j), home);
                table.value(slot, home + j);
                table.flags(slot, j & 0x7f);
            }
        }
        assertThat(table.find(runKey(homes[0], runLength - 1), homes[0])).isGreaterThan(SlotPages.PAGE_SLOTS);
        assertThat(table.find(runKey(homes[1], runLength - 1), homes[1])).isLessThan(homes[1]);

        // removing the head of each run shifts the rest back over the boundary and the wrap
        for (int home : homes) {
            for (int j = 0; j < runLength; j += 2) {
                table.remove(table.find(runKey(home, j), home));
            }
        }

        for (int home : homes) {
            for (int j = 0; j < runLength; j++) {
                int slot = table.find(runKey(home, j), home);
                if (j % 2 == 0) {
                    assertThat(slot).isEqualTo(-1);
                }
                else {
                    assertThat(slot).as("run at %d, key %d", home, j).isNotNegative();
                    assertThat(table.value(slot)).isEqualTo(home + j);
                    assertThat(table.flags(slot)).isEqualTo(j & 0x7f);
                    assertThat(table.key(slot)).isEqualTo(runKey(home, j));
                    assertThat(table.findHandle(table.handle(slot), home)).isEqualTo(slot);
                }
            }
        }
        for (int i = 0; i < fillers; i++) {
            int slot = table.find(("filler-" + i).getBytes(StandardCharsets.UTF_8), 2 * i);
            assertThat(slot).as("filler-%d", i).isNotNegative();
            assertThat(table.value(slot)).isEqualTo(i);
        }
        assertThat(table.size()).isEqualTo(fillers + runLength);
    }

    @Test
    void anEntryKeepsItsHashAndHandleAtTheExtremesOfSlabNumberAndOffset() {
        int[] hashes = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x8000_0001};
        long[] slabNumbers = {1, 2, 0x100, MarkerTable.MAX_SLABS};
        int[] offsets = {0, 1, 0x100, KeySlabs.MAX_SLAB_BYTES - 1};
        for (int hash : hashes) {
            for (long slabNumber : slabNumbers) {
                for (int offset : offsets) {
                    long handle = slabNumber << 32 | offset;
                    long entry = MarkerTable.entry(hash, handle);
                    assertThat(entry).isNotZero();
                    assertThat(MarkerTable.handleOf(entry)).as("slab %d, offset %d", slabNumber, offset)
                            .isEqualTo(handle);
                    assertThat(MarkerTable.hashOf(entry)).isEqualTo(hash);
                }
            }
        }
    }

    @Test
    void aHandlePastWhatAnEntryHoldsFailsNamingTheLimitInsteadOfMixingUpKeys() {
        assertThatIllegalStateException()
                .isThrownBy(() -> MarkerTable.entry(-1, (MarkerTable.MAX_SLABS + 1L) << 32))
                .withMessageContaining("65535 slabs").withMessageContaining("fewer keys per task");
        assertThatIllegalStateException().isThrownBy(() -> MarkerTable.entry(-1, 1L << 32 | KeySlabs.MAX_SLAB_BYTES));
    }

    @Test
    void aKeyInsertedWhereItsProbeEndedIsFoundThereThroughGrowth() {
        MarkerTable table = new MarkerTable();
        for (int i = 0; i < 100_000; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int hash = table.hash(key);
            int probed = table.probe(key, hash);
            assertThat(probed).isNegative();
            int slot = table.insertProbed(key, hash, probed);
            table.value(slot, i);
            assertThat(table.find(key)).isEqualTo(slot);
            assertThat(table.insertProbed(key, hash, table.probe(key, hash))).as("present").isEqualTo(slot);
        }
        for (int i = 0; i < 100_000; i++) {
            int slot = table.find(("key-" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(table.value(slot)).isEqualTo(i);
        }
        assertThat(table.size()).isEqualTo(100_000);
    }

    @Test
    void modificationsCountKeysAddedAndRemovedSlotsMovedAndHandlesChangedButNotValuesOrFlags() {
        MarkerTable table = new MarkerTable();
        long before = table.modifications();
        int slot = table.insert(bytes(0));
        assertThat(table.modifications()).as("added").isNotEqualTo(before);

        before = table.modifications();
        table.insert(bytes(0));
        table.value(slot, 7);
        table.flags(slot, 3);
        table.find(bytes(1));
        table.shrinkIfSparse();
        table.compactIfWasteful();
        assertThat(table.modifications()).as("present again, value, flags, lookups, nothing to do")
                .isEqualTo(before);

        table.remove(slot);
        assertThat(table.modifications()).as("removed").isNotEqualTo(before);

        for (int i = 0; i < 100_000; i++) {
            table.insert(bytes(i));
        }
        for (int i = 0; i < 100_000; i++) {
            if (i % 3 != 0) {
                table.remove(table.find(bytes(i)));
            }
        }
        before = table.modifications();
        table.compactIfWasteful();
        assertThat(table.compactions()).isEqualTo(1);
        assertThat(table.modifications()).as("compacted").isNotEqualTo(before);

        for (int i = 0; i < 90_000; i += 3) {
            table.remove(table.find(bytes(i)));
        }
        int capacity = table.capacity();
        before = table.modifications();
        table.shrinkIfSparse();
        assertThat(table.capacity()).isLessThan(capacity);
        assertThat(table.modifications()).as("shrunk").isNotEqualTo(before);
    }

    private static byte[] bytes(int i) {
        return ("modified-key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] runKey(int home, int j) {
        return ("run-" + home + "-" + j).getBytes(StandardCharsets.UTF_8);
    }
}
