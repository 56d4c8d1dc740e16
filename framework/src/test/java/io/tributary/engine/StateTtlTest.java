package io.tributary.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tributary.internals.engine.TaskOptions;
import io.tributary.state.ListStateDescriptor;
import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import io.tributary.state.StateTtl;
import io.tributary.state.ValueStateDescriptor;
import io.tributary.testing.ProcessorTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StateTtlTest {

    private static final Duration TTL = Duration.ofMinutes(1);
    private static final Duration ONE_MS = Duration.ofMillis(1);

    private static final ValueStateDescriptor<Long> LAST =
            ValueStateDescriptor.of("last", Long.class).withTtl(StateTtl.eventTime(TTL));
    private static final ValueStateDescriptor<Long> SEEN =
            ValueStateDescriptor.of("seen", Long.class).withTtl(StateTtl.processingTime(TTL));
    private static final MapStateDescriptor<String, Long> PRICES =
            MapStateDescriptor.of("prices", String.class, Long.class).withTtl(StateTtl.eventTime(TTL));
    private static final ListStateDescriptor<String> EVENTS =
            ListStateDescriptor.of("events", String.class).withTtl(StateTtl.eventTime(TTL));

    private final InlineProcessor processor = new InlineProcessor();
    private final ProcessorTestDriver<String, JsonNode, String> driver = processor.driver();

    @AfterEach
    void close() {
        processor.close();
    }

    @Test
    void eventTimeValueReadsAbsentOnceWatermarkReachesWriteTimePlusTtl() {
        processor.run("A", T0.plusSeconds(1), ctx -> ctx.state(LAST).update(1L));

        driver.advanceWatermark(T0.plusSeconds(1).plus(TTL).minus(ONE_MS));
        assertThat(driver.stateValue(LAST, "A")).isEqualTo(1L);

        driver.advanceWatermark(T0.plusSeconds(1).plus(TTL));
        assertThat(driver.stateValue(LAST, "A")).isNull();
        assertThat(lastOf("A")).as("inside processElement").isNull();
    }

    @Test
    void expiredValueReadsAbsentAlsoFromStore() {
        processor.run("A", T0, ctx -> ctx.state(LAST).update(1L));
        processor.trimCache();

        driver.advanceWatermark(T0.plus(TTL));

        assertThat(lastOf("A")).isNull();
    }

    @Test
    void everyWriteRenewsTheTtl() {
        processor.run("A", T0, ctx -> ctx.state(LAST).update(1L));
        processor.run("A", T0.plusSeconds(50), ctx -> ctx.state(LAST).update(2L));

        driver.advanceWatermark(T0.plus(TTL));
        assertThat(driver.stateValue(LAST, "A")).isEqualTo(2L);

        driver.advanceWatermark(T0.plusSeconds(50).plus(TTL));
        assertThat(driver.stateValue(LAST, "A")).isNull();
    }

    @Test
    void evictionDeletesExpiredEntriesFromTheStore() {
        processor.run("A", T0, ctx -> ctx.state(LAST).update(1L));
        processor.run("B", T0, ctx -> ctx.state(LAST).update(2L));
        processor.run("C", T0.plusSeconds(90), ctx -> ctx.state(LAST).update(3L));
        driver.commit();
        long stored = driver.storedEntries();

        assertThat(driver.evictExpiredState()).isEqualTo(2);
        driver.commit();

        assertThat(driver.storedEntries()).isEqualTo(stored - 2);
        assertThat(driver.evictExpiredState()).as("nothing left to evict").isZero();
        assertThat(driver.stateValue(LAST, "C")).isEqualTo(3L);
        assertThat(driver.stateValue(LAST, "A")).isNull();
    }

    @Test
    void evictionKeepsEntryRewrittenSinceTheCommit() {
        processor.run("A", T0, ctx -> ctx.state(LAST).update(1L));
        driver.commit();
        processor.run("A", T0.plusSeconds(90), ctx -> ctx.state(LAST).update(2L));

        assertThat(driver.evictExpiredState()).isZero();
        processor.trimCache();

        assertThat(driver.stateValue(LAST, "A")).isEqualTo(2L);
    }

    @Test
    void writeAfterEvictionIsKept() {
        processor.run("A", T0, ctx -> ctx.state(LAST).update(1L));
        driver.commit();
        driver.advanceWatermark(T0.plus(TTL));
        assertThat(driver.evictExpiredState()).isEqualTo(1);

        processor.run("A", T0.plus(TTL), ctx -> ctx.state(LAST).update(2L));
        processor.trimCache();

        assertThat(driver.stateValue(LAST, "A")).isEqualTo(2L);
    }

    @Test
    void processingTimeValueExpiresTtlAfterWrite() {
        processor.run("A", T0, ctx -> ctx.state(SEEN).update(1L));
        driver.commit();

        driver.advanceProcessingTime(TTL.minus(ONE_MS));
        assertThat(driver.stateValue(SEEN, "A")).isEqualTo(1L);

        driver.advanceProcessingTime(ONE_MS);
        assertThat(driver.stateValue(SEEN, "A")).isNull();
    }

    @Test
    void processingTimeTtlIsNotMovedByTheWatermark() {
        processor.run("A", T0, ctx -> ctx.state(SEEN).update(1L));

        driver.advanceWatermark(T0.plus(Duration.ofDays(1)));

        assertThat(driver.stateValue(SEEN, "A")).isEqualTo(1L);
    }

    @Test
    void scansForExpiredStateAsProcessingTimePasses() {
        processor.run("A", T0, ctx -> ctx.state(SEEN).update(1L));
        processor.run("B", T0, ctx -> ctx.state(SEEN).update(2L));
        driver.commit();
        long stored = driver.storedEntries();
        driver.advanceProcessingTime(TTL.minusSeconds(20));
        processor.run("B", T0, ctx -> ctx.state(SEEN).update(3L));
        driver.commit();

        driver.advanceProcessingTime(Duration.ofSeconds(20).plus(TaskOptions.defaults().ttlScanInterval()));
        driver.commit();

        assertThat(driver.storedEntries()).as("A evicted by the periodic scan").isEqualTo(stored - 1);
        assertThat(driver.evictExpiredState()).isZero();
        assertThat(driver.stateValue(SEEN, "B")).isEqualTo(3L);
    }

    @Test
    void mapEntriesExpireEachOnTheirOwn() {
        processor.run("A", T0, ctx -> ctx.state(PRICES).put("x", 1L));
        processor.run("A", T0.plusSeconds(50), ctx -> ctx.state(PRICES).put("y", 2L));
        driver.commit();
        long stored = driver.storedEntries();
        driver.advanceWatermark(T0.plus(TTL));

        assertThat(mapOf("A")).containsOnly(entry("x", null), entry("y", 2L), entry("entries", Map.of("y", 2L)));
        assertThat(driver.evictExpiredState()).isEqualTo(1);
        driver.commit();
        assertThat(driver.storedEntries()).isEqualTo(stored - 1);
    }

    @Test
    void uncommittedMapWritesSurviveEvictionOfExpiredEntriesOfTheSameKey() {
        processor.run("A", T0, ctx -> ctx.state(PRICES).put("old", 1L));
        driver.commit();
        processor.run("A", T0.plus(TTL).plusSeconds(1), ctx -> ctx.state(PRICES).put("new", 2L));

        assertThat(driver.evictExpiredState()).isEqualTo(1);

        assertThat(priceOf("A", "new")).as("before commit").isEqualTo(2L);
        assertThat(mapOf("A")).as("before commit").containsEntry("entries", Map.of("new", 2L));
        processor.trimCache();
        assertThat(mapOf("A")).as("after commit").containsEntry("entries", Map.of("new", 2L));
    }

    @Test
    void mapPutAfterEvictionOfTheSameEntryIsKept() {
        processor.run("A", T0, ctx -> ctx.state(PRICES).put("x", 1L));
        driver.commit();
        driver.advanceWatermark(T0.plus(TTL));
        assertThat(driver.evictExpiredState()).isEqualTo(1);

        processor.run("A", T0.plus(TTL), ctx -> ctx.state(PRICES).put("x", 2L));
        assertThat(priceOf("A", "x")).as("before commit").isEqualTo(2L);
        processor.trimCache();

        assertThat(priceOf("A", "x")).as("after commit").isEqualTo(2L);
    }

    @Test
    void listExpiresAsAWholeAfterItsLastWrite() {
        processor.run("A", T0, ctx -> ctx.state(EVENTS).add("a"));
        processor.run("A", T0.plusSeconds(50), ctx -> ctx.state(EVENTS).add("b"));
        driver.commit();

        driver.advanceWatermark(T0.plus(TTL));
        assertThat(listOf("A")).containsExactly("a", "b");

        driver.advanceWatermark(T0.plusSeconds(50).plus(TTL));
        assertThat(driver.evictExpiredState()).isEqualTo(1);
        processor.trimCache();
        assertThat(listOf("A")).isEmpty();
    }

    /** x, y and all entries of {@link #PRICES} for {@code key}, read inside processElement at the current watermark. */
    private Map<String, Object> mapOf(String key) {
        return processor.call(key, T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            Map<String, Long> entries = new HashMap<>();
            prices.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
            Map<String, Object> out = new HashMap<>();
            out.put("x", prices.get("x"));
            out.put("y", prices.get("y"));
            out.put("entries", entries);
            return out;
        });
    }

    private Long lastOf(String key) {
        return processor.call(key, T0, ctx -> ctx.state(LAST).value());
    }

    private Long priceOf(String key, String mapKey) {
        return processor.call(key, T0, ctx -> ctx.state(PRICES).get(mapKey));
    }

    private List<String> listOf(String key) {
        return processor.call(key, T0, ctx -> ctx.state(EVENTS).get());
    }
}
