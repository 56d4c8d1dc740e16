package io.tributary.internals.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DerivedTimerHeapTest {

    private record Entry(long time, byte[] key) {
    }

    @Test
    void pollsInTimeThenKeyOrderWhateverTheOrderOfAdding() {
        DerivedTimerHeap heap = new DerivedTimerHeap();
        List<Entry> added = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            // few distinct times, so ties are ordered by key
            Entry entry = new Entry(random.nextInt(100), new byte[] {(byte) random.nextInt(256), (byte) i});
            added.add(entry);
            heap.add(entry.time(), entry.key());
        }
        added.sort(Comparator.comparingLong(Entry::time).thenComparing(Entry::key, Arrays::compareUnsigned));
        assertThat(heap.size()).isEqualTo(added.size());
        for (Entry expected : added) {
            assertThat(heap.peekTime()).isEqualTo(expected.time());
            assertThat(peekKey(heap)).isEqualTo(expected.key());
            heap.poll();
        }
        assertThat(heap.size()).isZero();
    }

    @Test
    void keysOfAnyLengthIncludingEmptyFireInOrderWhileTheSlabsAreCompactedUnderThem() {
        DerivedTimerHeap heap = new DerivedTimerHeap();
        List<Entry> added = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        int[] lengths = {0, 1, 2, 30, 127, 128, 1_000, 20_000};
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[lengths[random.nextInt(lengths.length)]];
            random.nextBytes(key);
            Entry entry = new Entry(random.nextInt(50), key);
            added.add(entry);
            heap.add(entry.time(), entry.key());
        }
        added.sort(Comparator.comparingLong(Entry::time).thenComparing(Entry::key, Arrays::compareUnsigned));
        long full = heap.slabBytes();
        for (int i = 0; i < added.size(); i++) {
            Entry expected = added.get(i);
            assertThat(heap.peekTime()).isEqualTo(expected.time());
            assertThat(peekKey(heap)).isEqualTo(expected.key());
            assertThat(heap.peekKeyEquals(expected.key())).isTrue();
            assertThat(heap.comparePeekKey(expected.key())).isZero();
            if (i + 1 < added.size() && !Arrays.equals(expected.key(), added.get(i + 1).key())) {
                assertThat(heap.peekKeyEquals(added.get(i + 1).key())).isFalse();
            }
            heap.poll();
            if (i == added.size() * 9 / 10) {
                // compacted as the fired keys came to outweigh the rest
                assertThat(heap.slabBytes()).isLessThan(full / 3);
            }
        }
        assertThat(heap.size()).isZero();
    }

    @Test
    void theArraysShrinkAsABurstOfTimersFiresAndKeepTheRestInOrder() {
        DerivedTimerHeap heap = new DerivedTimerHeap();
        for (int i = 0; i < 100_000; i++) {
            heap.add(i, new byte[] {(byte) i});
        }
        int burstCapacity = heap.capacity();
        for (int i = 0; i < 99_990; i++) {
            heap.poll();
        }

        assertThat(heap.capacity()).isLessThan(burstCapacity / 1000);
        for (int i = 99_990; i < 100_000; i++) {
            assertThat(heap.peekTime()).isEqualTo(i);
            heap.poll();
        }
        assertThat(heap.capacity()).isEqualTo(16);
    }

    private static byte[] peekKey(DerivedTimerHeap heap) {
        byte[] key = new byte[heap.peekKeyLength()];
        heap.peekKey(key);
        return key;
    }
}
