package io.tributary.engine;

import java.util.HashMap;
import java.util.Map;

import io.tributary.state.MapState;
import io.tributary.state.MapStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class MapStateTest {

    private static final MapStateDescriptor<String, Long> PRICES = MapStateDescriptor.of("prices", String.class, Long.class);

    private final InlineProcessor processor = new InlineProcessor();

    @AfterEach
    void close() {
        processor.close();
    }

    @Test
    void putGetRemoveAndContains() {
        Map<String, Object> seen = processor.call("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            Map<String, Object> out = new HashMap<>();
            out.put("emptyBefore", prices.isEmpty());
            prices.put("x", 1L);
            prices.put("y", 2L);
            prices.put("x", 3L);
            prices.remove("y");
            prices.remove("never-there");
            out.put("x", prices.get("x"));
            out.put("y", prices.get("y"));
            out.put("containsX", prices.contains("x"));
            out.put("containsY", prices.contains("y"));
            out.put("emptyAfter", prices.isEmpty());
            return out;
        });

        assertThat(seen).containsOnly(entry("emptyBefore", true), entry("x", 3L), entry("y", null),
                entry("containsX", true), entry("containsY", false), entry("emptyAfter", false));
    }

    @Test
    void keepsEachKeysMapApart() {
        processor.run("A", T0, ctx -> ctx.state(PRICES).put("x", 1L));
        processor.run("AB", T0, ctx -> ctx.state(PRICES).put("y", 2L));
        processor.trimCache();

        assertThat(entriesOf("A")).containsOnly(entry("x", 1L));
        assertThat(entriesOf("AB")).containsOnly(entry("y", 2L));
        assertThat(entriesOf("B")).isEmpty();
    }

    @Test
    void readsEntriesBackFromStoreAfterCacheIsTrimmed() {
        processor.run("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            prices.put("x", 1L);
            prices.put("y", 2L);
        });
        processor.trimCache();

        Map<String, Object> seen = processor.call("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            return Map.of("x", prices.get("x"), "containsY", prices.contains("y"), "containsZ", prices.contains("z"),
                    "empty", prices.isEmpty());
        });

        assertThat(seen).containsOnly(entry("x", 1L), entry("containsY", true), entry("containsZ", false),
                entry("empty", false));
    }

    @Test
    void entriesMergeStoredAndUncommittedChanges() {
        processor.run("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            prices.put("kept", 1L);
            prices.put("changed", 2L);
            prices.put("removed", 3L);
        });
        processor.trimCache();

        processor.run("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            prices.put("changed", 20L);
            prices.remove("removed");
            prices.put("added", 4L);
        });
        assertThat(entriesOf("A")).as("before commit")
                .containsOnly(entry("kept", 1L), entry("changed", 20L), entry("added", 4L));

        processor.trimCache();
        assertThat(entriesOf("A")).as("after commit, from the store")
                .containsOnly(entry("kept", 1L), entry("changed", 20L), entry("added", 4L));
    }

    @Test
    void entriesSeeSingleEntryLoadedBeforeIteration() {
        processor.run("A", T0, ctx -> {
            ctx.state(PRICES).put("x", 1L);
            ctx.state(PRICES).put("y", 2L);
        });
        processor.trimCache();

        Map<String, Long> seen = processor.call("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            prices.get("x");
            prices.put("y", 5L);
            return toMap(prices);
        });

        assertThat(seen).containsOnly(entry("x", 1L), entry("y", 5L));
    }

    @Test
    void clearRemovesStoredAndCachedEntries() {
        processor.run("A", T0, ctx -> {
            ctx.state(PRICES).put("x", 1L);
            ctx.state(PRICES).put("y", 2L);
        });
        processor.run("B", T0, ctx -> ctx.state(PRICES).put("x", 9L));
        processor.trimCache();
        long stored = processor.driver().storedEntries();

        Boolean emptyAfterClear = processor.call("A", T0, ctx -> {
            MapState<String, Long> prices = ctx.state(PRICES);
            prices.put("z", 3L);
            prices.clear();
            return prices.isEmpty() && prices.get("x") == null && prices.get("z") == null;
        });
        processor.trimCache();

        assertThat(emptyAfterClear).isTrue();
        assertThat(entriesOf("A")).isEmpty();
        assertThat(entriesOf("B")).containsOnly(entry("x", 9L));
        assertThat(processor.driver().storedEntries()).as("both stored entries of A deleted").isEqualTo(stored - 2);
    }

    @Test
    void putAfterClearIsKept() {
        processor.run("A", T0, ctx -> ctx.state(PRICES).put("x", 1L));
        processor.trimCache();

        processor.run("A", T0, ctx -> {
            ctx.state(PRICES).clear();
            ctx.state(PRICES).put("x", 2L);
        });
        processor.trimCache();

        assertThat(entriesOf("A")).containsOnly(entry("x", 2L));
    }

    private Map<String, Long> entriesOf(String key) {
        return processor.call(key, T0, ctx -> toMap(ctx.state(PRICES)));
    }

    private static Map<String, Long> toMap(MapState<String, Long> state) {
        Map<String, Long> out = new HashMap<>();
        state.entries().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
