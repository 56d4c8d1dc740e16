package io.tributary.engine;

import java.util.List;

import io.tributary.api.KeyedProcessFunction;
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

class ValueStateTest {

    private static final ValueStateDescriptor<Long> COUNT = ValueStateDescriptor.of("count", Long.class);

    /** Counts ticks per symbol and emits {@code symbol=count}; a price of 0 resets, a negative price fails after counting. */
    private static final KeyedProcessFunction<String, JsonNode, String> COUNTER = (tick, ctx) -> {
        ValueState<Long> count = ctx.state(COUNT);
        if (tick.get("price").longValue() == 0) {
            count.clear();
            return;
        }
        Long previous = count.value();
        long next = previous == null ? 1 : previous + 1;
        count.update(next);
        if (tick.get("price").longValue() < 0) {
            throw new IllegalArgumentException("negative price");
        }
        ctx.emit(ctx.currentKey() + "=" + next);
    };

    private final ProcessorTestDriver<String, JsonNode, String> driver = Ticks.driver(Ticks.processor("counter"), COUNTER);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void emitsRunningCountPerKey() {
        pipe(driver, "A", T0.plusSeconds(1), 1);
        pipe(driver, "A", T0.plusSeconds(2), 1);
        pipe(driver, "B", T0.plusSeconds(3), 1);
        pipe(driver, "A", T0.plusSeconds(4), 1);
        pipe(driver, "B", T0.plusSeconds(5), 1);

        List<TestRecord<String, String>> output = driver.readOutput();

        assertThat(output).extracting(TestRecord::value).containsExactly("A=1", "A=2", "B=1", "A=3", "B=2");
        assertThat(output).extracting(TestRecord::key).containsExactly("A", "A", "B", "A", "B");
        assertThat(output).extracting(TestRecord::timestamp).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2),
                T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5));
        assertThat(output).extracting(TestRecord::topic).containsOnly(Ticks.OUTPUT);
        assertThat(driver.readOutput()).as("readOutput drains").isEmpty();
    }

    @Test
    void keepsEachKeysStateApart() {
        pipe(driver, "A", T0, 1);
        pipe(driver, "A", T0, 1);
        pipe(driver, "A", T0, 1);
        pipe(driver, "B", T0, 1);

        assertThat(driver.stateValue(COUNT, "A")).isEqualTo(3L);
        assertThat(driver.stateValue(COUNT, "B")).isEqualTo(1L);
        assertThat(driver.stateValue(COUNT, "C")).isNull();
    }

    @Test
    void showsStateBeforeAndAfterCommit() {
        pipe(driver, "A", T0, 1);
        pipe(driver, "A", T0, 1);
        assertThat(driver.stateValue(COUNT, "A")).as("uncommitted").isEqualTo(2L);

        driver.commit();
        assertThat(driver.stateValue(COUNT, "A")).as("committed").isEqualTo(2L);

        pipe(driver, "A", T0, 1);
        assertThat(driver.stateValue(COUNT, "A")).isEqualTo(3L);
        driver.commit();
        assertThat(driver.stateValue(COUNT, "A")).isEqualTo(3L);
    }

    @Test
    void continuesFromStoredValueAfterCacheIsTrimmed() {
        pipe(driver, "A", T0, 1);
        pipe(driver, "A", T0, 1);
        pipe(driver, "B", T0, 1);
        Ticks.trimCache(driver);

        assertThat(driver.stateValue(COUNT, "A")).isEqualTo(2L);
        pipe(driver, "B", T0, 1);
        pipe(driver, "A", T0, 1);

        assertThat(driver.readOutput()).extracting(TestRecord::value).endsWith("B=2", "A=3");
    }

    @Test
    void clearRemovesTheKeysValueOnly() {
        pipe(driver, "A", T0, 1);
        pipe(driver, "B", T0, 1);
        driver.commit();
        long stored = driver.storedEntries();

        pipe(driver, "A", T0, 0);
        assertThat(driver.stateValue(COUNT, "A")).isNull();
        driver.commit();

        assertThat(driver.storedEntries()).as("clear deletes the stored entry").isEqualTo(stored - 1);
        assertThat(driver.stateValue(COUNT, "B")).isEqualTo(1L);
        pipe(driver, "A", T0, 1);
        assertThat(driver.readOutput()).extracting(TestRecord::value).last().isEqualTo("A=1");
    }

    @Test
    void keepsStateWrittenBeforeTheFunctionThrew() {
        pipe(driver, "A", T0, 1);
        pipe(driver, "A", T0, -1);
        pipe(driver, "A", T0, 1);

        assertThat(driver.readDeadLetters()).hasSize(1);
        assertThat(driver.readOutput()).extracting(TestRecord::value).containsExactly("A=1", "A=3");
    }

    @Test
    void readsNothingForKeyNeverSeen() {
        pipe(driver, "A", T0, 1);
        pipe(driver, "AB", T0, 0);
        driver.commit();

        assertThat(driver.stateValue(COUNT, "AB")).as("a key extending a stored key").isNull();
    }
}
