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
            assertThat(heap.peekKey()).isEqualTo(expected.key());
            heap.poll();
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
}
