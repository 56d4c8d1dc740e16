package io.tributary.internals.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeySlabsTest {

    /** Lengths around each varint boundary, empty, and past a whole slab. */
    private static final int[] LENGTHS = {0, 1, 2, 47, 127, 128, 129, 16_383, 16_384, 70_000,
            KeySlabs.MAX_SLAB_BYTES - 3, KeySlabs.MAX_SLAB_BYTES, KeySlabs.MAX_SLAB_BYTES + 1, 3 << 20};

    @Test
    void keysOfEveryLengthReadBackEqual() {
        KeySlabs slabs = new KeySlabs();
        SplittableRandom random = new SplittableRandom(3);
        List<byte[]> keys = new ArrayList<>();
        List<Long> handles = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int length : LENGTHS) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                keys.add(key);
                handles.add(slabs.add(key));
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            long handle = handles.get(i);
            byte[] key = keys.get(i);
            assertThat(handle).isNotZero();
            assertThat(slabs.length(handle)).isEqualTo(key.length);
            assertThat(slabs.copy(handle)).isEqualTo(key);
            assertThat(Arrays.copyOfRange(slabs.slab(handle), slabs.start(handle), slabs.start(handle) + key.length))
                    .isEqualTo(key);
            assertThat(slabs.equals(handle, key)).isTrue();
            for (int j = 0; j < keys.size(); j += 5) {
                assertThat(slabs.equals(handle, keys.get(j))).isEqualTo(Arrays.equals(key, keys.get(j)));
            }
        }
    }

    @Test
    void aKeyDiffersFromItsPrefixAndFromTheEmptyKey() {
        KeySlabs slabs = new KeySlabs();
        long abc = slabs.add(new byte[] {1, 2, 3});
        long empty = slabs.add(new byte[0]);

        assertThat(slabs.equals(abc, new byte[] {1, 2})).isFalse();
        assertThat(slabs.equals(empty, new byte[0])).isTrue();
        assertThat(slabs.equals(empty, new byte[] {1})).isFalse();
    }

    @Test
    void slabsGrowFromSmallToTheLargestSize() {
        KeySlabs slabs = new KeySlabs();
        slabs.add(new byte[10]);
        assertThat(slabs.slabBytes()).isEqualTo(KeySlabs.MIN_SLAB_BYTES);
        for (int i = 0; i < 200_000; i++) {
            slabs.add(new byte[30]);
        }
        long live = slabs.liveBytes();
        assertThat(live).isEqualTo(11 + 200_000L * 31);
        // doubling up to the largest size wastes at most the unfilled end of each slab
        assertThat(slabs.slabBytes()).isBetween(live, live + 2L * KeySlabs.MAX_SLAB_BYTES);
    }

    @Test
    void keysReleasedInTheOrderTheyCameFreeTheirSlabsWholeAndFullOnesAreReused() {
        KeySlabs slabs = new KeySlabs();
        java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();
        long allocatedWhenFull = 0;
        for (int i = 0; i < 1_000_000; i++) {
            window.add(slabs.add(("key-" + i).getBytes(StandardCharsets.UTF_8)));
            // a sliding scope of 50,000 keys, as a deduplication forgets them
            if (window.size() > 50_000) {
                slabs.release(window.poll());
            }
            if (i == 100_000) {
                allocatedWhenFull = slabs.slabsAllocated();
            }
        }
        assertThat(slabs.liveBytes()).isBetween(50_000L * 10, 50_000L * 12);
        assertThat(slabs.slabBytes()).as("no dead slab kept").isLessThan(slabs.liveBytes() + 2L * KeySlabs.MAX_SLAB_BYTES);
        assertThat(slabs.wasteful()).isFalse();
        assertThat(slabs.slabsAllocated() - allocatedWhenFull).as("slabs allocated after the first 100,000 keys")
                .isLessThan(5);
        for (long handle : window) {
            assertThat(new String(slabs.copy(handle), StandardCharsets.UTF_8)).startsWith("key-");
        }
        assertThat(new String(slabs.copy(window.peekLast()), StandardCharsets.UTF_8)).isEqualTo("key-999999");
    }

    @Test
    void keysForgottenInBurstsLeaveEnoughSparesForTheKeysThatReplaceThem() {
        KeySlabs slabs = new KeySlabs();
        java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();
        // each round a commit forgets some 7 slabs' worth of keys at once, 22 stay live, and as many new ones come
        int burst = 40_000;
        long allocatedAfterWarmUp = 0;
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < burst; i++) {
                window.add(slabs.add(("key-" + round + "-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            while (window.size() > 3 * burst) {
                slabs.release(window.poll());
            }
            if (round == 5) {
                allocatedAfterWarmUp = slabs.slabsAllocated();
            }
        }
        assertThat(slabs.slabsAllocated() - allocatedAfterWarmUp).as("slabs allocated after warm-up").isLessThan(5);
        assertThat(slabs.slabBytes()).as("spares do not count as in use")
                .isLessThan(slabs.liveBytes() + 2L * KeySlabs.MAX_SLAB_BYTES);
        assertThat(new String(slabs.copy(window.peekLast()), StandardCharsets.UTF_8)).isEqualTo("key-29-39999");
    }

    @Test
    void isWastefulOnceKeysReleasedOutOfOrderOutweighTheLiveOnesAndCopiesLeaveOnlyTheLive() {
        KeySlabs slabs = new KeySlabs();
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            handles.add(slabs.add(("key-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        // every slab keeps some live keys, so none is freed
        for (int i = 0; i < 300_000; i++) {
            if (i % 10 < 4) {
                slabs.release(handles.get(i));
            }
        }
        assertThat(slabs.wasteful()).isFalse();
        for (int i = 0; i < 300_000; i++) {
            if (i % 10 >= 4 && i % 10 < 6) {
                slabs.release(handles.get(i));
            }
        }
        assertThat(slabs.wasteful()).isTrue();

        KeySlabs fresh = new KeySlabs(slabs.liveBytes());
        for (int i = 0; i < 300_000; i++) {
            if (i % 10 >= 6) {
                long moved = fresh.copyFrom(slabs, handles.get(i));
                assertThat(fresh.copy(moved)).isEqualTo(("key-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(fresh.liveBytes()).isEqualTo(slabs.liveBytes());
        assertThat(fresh.slabBytes()).isLessThan(slabs.slabBytes() / 2);
        assertThat(fresh.wasteful()).isFalse();
    }

    @Test
    void aFewKeysAreNeverWorthCompacting() {
        KeySlabs slabs = new KeySlabs();
        long handle = slabs.add(new byte[100]);
        slabs.add(new byte[1]);
        slabs.release(handle);

        assertThat(slabs.wasteful()).isFalse();
    }

    @Test
    void handlesKeepOffsetsWithinSixteenBitsAndSlabNumbersFromOneAroundAKeyLongerThanASlab() {
        KeySlabs slabs = new KeySlabs();
        List<byte[]> keys = new ArrayList<>();
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // mostly short keys, filling slabs to their last bytes, and now and then one larger than any slab
            byte[] key = new byte[i % 5_000 == 4_999 ? 3 * KeySlabs.MAX_SLAB_BYTES : i % 37];
            Arrays.fill(key, (byte) i);
            keys.add(key);
            handles.add(slabs.add(key));
        }
        for (int i = 0; i < keys.size(); i++) {
            long handle = handles.get(i);
            assertThat(handle >>> 32).as("slab number of key %d", i).isBetween(1L, 0xffffL);
            assertThat((int) handle).as("offset of key %d", i).isBetween(0, KeySlabs.MAX_SLAB_BYTES - 1);
            assertThat(slabs.copy(handle)).isEqualTo(keys.get(i));
        }
    }
}
