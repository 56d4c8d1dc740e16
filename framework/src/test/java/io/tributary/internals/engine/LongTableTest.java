package io.tributary.internals.engine;

import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LongTableTest {

    private final LongTable<String> table = new LongTable<>();

    @Test
    void findsPutReplacedAndRemovedKeys() {
        table.put(17, "a");
        table.put(-3, "b");
        table.put(Long.MIN_VALUE, "c");
        table.put(17, "a2");

        assertThat(table.get(17)).isEqualTo("a2");
        assertThat(table.get(-3)).isEqualTo("b");
        assertThat(table.get(Long.MIN_VALUE)).isEqualTo("c");
        assertThat(table.get(0)).isNull();
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.sortedKeys()).containsExactly(Long.MIN_VALUE, -3, 17);

        assertThat(table.remove(-3)).isTrue();
        assertThat(table.remove(-3)).isFalse();
        assertThat(table.get(-3)).isNull();
        assertThat(table.size()).isEqualTo(2);
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.get(17)).isNull();
    }

    @Test
    void growsPastHalfFull() {
        for (long bucket = 0; bucket < 100; bucket++) {
            table.put(bucket, "v" + bucket);
        }
        assertThat(table.capacity()).isGreaterThanOrEqualTo(200);
        for (long bucket = 0; bucket < 100; bucket++) {
            assertThat(table.get(bucket)).isEqualTo("v" + bucket);
        }
    }

    /** Removal shifts colliding entries back: checked against a TreeMap over many mixed operations on few slots. */
    @Test
    void agreesWithATreeMapUnderRandomPutsAndRemoves() {
        TreeMap<Long, String> expected = new TreeMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            // a narrow range of numbers, as live buckets are: keys collide, removes hit runs
            long key = 1_000 + random.nextInt(40);
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(key)).isEqualTo(expected.remove(key) != null);
            }
            else {
                String value = "v" + i;
                table.put(key, value);
                expected.put(key, value);
            }
            long probe = 1_000 + random.nextInt(40);
            assertThat(table.get(probe)).isEqualTo(expected.get(probe));
        }
        assertThat(table.size()).isEqualTo(expected.size());
        assertThat(table.sortedKeys()).containsExactly(expected.keySet().stream().mapToLong(Long::longValue).toArray());
    }
}
