package io.tributary.internals.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FetchSizesTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void capsResponsesUnderHalfTheRegionWithRoomForHeaders() {
        assertThat(FetchSizes.underHalfRegion(true, MIB)).hasValue(448 * 1024);
        assertThat(FetchSizes.underHalfRegion(true, 32 * MIB)).hasValue((int) (16 * MIB) - 64 * 1024);
    }

    @Test
    void leavesFetchesAloneOnOtherCollectorsAndRegionsTooSmallToMatter() {
        assertThat(FetchSizes.underHalfRegion(false, MIB)).isEmpty();
        assertThat(FetchSizes.underHalfRegion(true, 128 * 1024)).isEmpty();
    }

    @Test
    void capsBothLimitsKeepingKafkasDefaultsWhereLower() {
        Map<String, Object> small = new HashMap<>();
        FetchSizes.cap(small, 448 * 1024);
        assertThat(small).containsEntry("fetch.max.bytes", 448 * 1024)
                .containsEntry("max.partition.fetch.bytes", 448 * 1024);

        Map<String, Object> large = new HashMap<>();
        FetchSizes.cap(large, (int) (16 * MIB));
        assertThat(large).containsEntry("fetch.max.bytes", (int) (16 * MIB))
                .containsEntry("max.partition.fetch.bytes", (int) MIB);
    }

    @Test
    void readsThisJvmsCollectorAndRegionSize() {
        OptionalInt cap = FetchSizes.underHalfRegion();
        boolean g1 = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(collector -> collector.getName().startsWith("G1"));
        assertThat(cap.isPresent()).isEqualTo(g1);
        cap.ifPresent(bytes -> assertThat(bytes).isBetween(448 * 1024, (int) (16 * MIB)));
    }
}
