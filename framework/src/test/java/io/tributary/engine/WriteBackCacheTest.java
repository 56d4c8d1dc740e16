package io.tributary.engine;

import java.time.Duration;
import java.util.List;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import io.tributary.state.ValueState;
import io.tributary.state.ValueStateDescriptor;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.engine.Ticks.T0;
import static io.tributary.engine.Ticks.pipe;
import static org.assertj.core.api.Assertions.assertThat;

/** State and timers of many keys across commits and across the cache dropping its clean entries. */
class WriteBackCacheTest {

    private static final int KEYS = 10_000;
    private static final Duration DELAY = Duration.ofMinutes(1);

    /** Counts how often the state is decoded: each decode is a read from the store, not from the cache. */
    private static final class CountingSerde implements Serde<Long> {

        int decoded;

        @Override
        public byte[] serialize(Long value) {
            return Serdes.longs().serialize(value);
        }

        @Override
        public Long deserialize(byte[] bytes) {
            decoded++;
            return Serdes.longs().deserialize(bytes);
        }
    }

    private final CountingSerde serde = new CountingSerde();
    private final ValueStateDescriptor<Long> count = ValueStateDescriptor.of("count", serde);

    /** Counts ticks per key and sets a timer a minute after each; the timer emits {@code key=count}. */
    private final KeyedProcessFunction<String, JsonNode, String> counter = new KeyedProcessFunction<>() {

        @Override
        public void processElement(JsonNode tick, ProcessContext<String, String> ctx) {
            ValueState<Long> state = ctx.state(count);
            Long previous = state.value();
            state.update(previous == null ? 1 : previous + 1);
            ctx.timerService().registerEventTimeTimer(ctx.timestamp().plus(DELAY));
        }

        @Override
        public void onTimer(TimerContext<String, String> ctx) {
            ctx.emit(ctx.currentKey() + "=" + ctx.state(count).value());
        }
    };

    private final ProcessorTestDriver<String, JsonNode, String> driver = Ticks.driver(Ticks.processor("counter"), counter);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void keepsStateAndTimersOfManyKeysAcrossCommitsAndCacheTrimming() {
        for (int i = 0; i < KEYS; i++) {
            pipe(driver, key(i), T0, 1);
        }
        driver.commit();
        assertThat(driver.storedEntries()).as("a state entry and a timer per key").isGreaterThanOrEqualTo(2L * KEYS);
        assertThat(driver.timerCount()).isEqualTo(KEYS);
        Ticks.trimCache(driver);
        long storedBeforeSecondRound = driver.storedEntries();

        serde.decoded = 0;
        for (int i = 0; i < KEYS; i++) {
            pipe(driver, key(i), T0, 1);
        }
        assertThat(serde.decoded).as("every key's count read back from the store").isEqualTo(KEYS);
        Ticks.trimCache(driver);
        assertThat(driver.timerCount()).as("re-registered timers are the same timers").isEqualTo(KEYS);
        assertThat(driver.storedEntries()).isEqualTo(storedBeforeSecondRound);

        driver.advanceWatermark(T0.plus(DELAY));

        List<TestRecord<String, String>> fired = driver.readOutput();
        assertThat(fired).hasSize(KEYS);
        assertThat(fired).allSatisfy(record -> {
            assertThat(record.value()).isEqualTo(record.key() + "=2");
            assertThat(record.timestamp()).isEqualTo(T0.plus(DELAY));
        });
        assertThat(fired).extracting(TestRecord::key).doesNotHaveDuplicates();
        assertThat(driver.stateValue(count, key(KEYS - 1))).isEqualTo(2L);
        assertThat(driver.timerCount()).isZero();
        driver.commit();
        assertThat(driver.storedEntries()).as("fired timers deleted from the store")
                .isEqualTo(storedBeforeSecondRound - KEYS);
    }

    @Test
    void servesCommittedStateFromCacheUntilTrimmed() {
        pipe(driver, "A", T0, 1);
        driver.commit();

        pipe(driver, "A", T0, 1);
        assertThat(serde.decoded).as("still cached after commit").isZero();

        Ticks.trimCache(driver);
        pipe(driver, "A", T0, 1);
        assertThat(serde.decoded).as("read from the store once, then cached").isEqualTo(1);
        pipe(driver, "A", T0, 1);
        assertThat(serde.decoded).isEqualTo(1);
        assertThat(driver.stateValue(count, "A")).isEqualTo(4L);
    }

    @Test
    void dropsUncommittedStateWhenTheDriverIsClosedWithoutCommit() {
        pipe(driver, "A", T0, 1);
        driver.commit();
        long stored = driver.storedEntries();

        pipe(driver, "B", T0, 1);

        assertThat(driver.storedEntries()).as("the store only holds committed data").isEqualTo(stored);
        assertThat(driver.stateValue(count, "B")).as("but reads see the cache").isEqualTo(1L);
    }

    private static String key(int i) {
        return "key-" + i;
    }
}
