package io.tributary.internals.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlotPagesTest {

    private static final int HUMONGOUS_BYTES = 512 * 1024;

    @Test
    void fewerSlotsThanAPageAreOnePageOfTheirOwnLength() {
        assertThat(SlotPages.longs(16)).hasDimensions(1, 16);
        assertThat(SlotPages.bytes(SlotPages.PAGE_SLOTS)).hasDimensions(1, SlotPages.PAGE_SLOTS);
    }

    @Test
    void moreSlotsAreFullPagesEachUnderHalfAG1Region() {
        long[][] longs = SlotPages.longs(4 * SlotPages.PAGE_SLOTS);

        assertThat(longs).hasDimensions(4, SlotPages.PAGE_SLOTS);
        assertThat((long) SlotPages.PAGE_SLOTS * Long.BYTES + 16).isLessThan(HUMONGOUS_BYTES);
        longs[3][SlotPages.PAGE_MASK] = 7;
        int last = 4 * SlotPages.PAGE_SLOTS - 1;
        assertThat(longs[last >>> SlotPages.PAGE_SHIFT][last & SlotPages.PAGE_MASK]).isEqualTo(7);
    }

    @Test
    void theArrayOfPagesOfTheLargestTableIsUnderHalfAG1RegionToo() {
        int pages = SlotPages.pageCount(MarkerTable.MAX_CAPACITY);

        assertThat(pages).isEqualTo(MarkerTable.MAX_CAPACITY / SlotPages.PAGE_SLOTS);
        assertThat((long) pages * Long.BYTES + 16).isLessThan(HUMONGOUS_BYTES);
    }

    @Test
    void slotsThatWouldLeaveAPartPageAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> SlotPages.longs(SlotPages.PAGE_SLOTS + 16))
                .withMessageContaining("got " + (SlotPages.PAGE_SLOTS + 16));
        assertThatIllegalArgumentException().isThrownBy(() -> SlotPages.bytes(0));
    }
}
