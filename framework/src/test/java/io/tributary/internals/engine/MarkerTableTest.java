package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
