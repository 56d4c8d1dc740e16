package io.tributary.engine;

import java.util.ArrayList;
import java.util.List;

import io.tributary.state.ListStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListStateTest {

    private static final ListStateDescriptor<String> EVENTS = ListStateDescriptor.of("events", String.class);

    private final InlineProcessor processor = new InlineProcessor();

    @AfterEach
    void close() {
        processor.close();
    }

    @Test
    void keepsElementsInInsertionOrder() {
        processor.run("A", T0, ctx -> {
            ctx.state(EVENTS).add("a");
            ctx.state(EVENTS).add("b");
        });
        processor.run("A", T0, ctx -> ctx.state(EVENTS).add("c"));

        assertThat(listOf("A")).containsExactly("a", "b", "c");
    }

    @Test
    void readsNothingForKeyWithoutElements() {
        processor.run("A", T0, ctx -> ctx.state(EVENTS).add("a"));

        assertThat(listOf("B")).isEmpty();
    }

    @Test
    void returnsSnapshotsThatDoNotChangeTheState() {
        List<String> snapshot = processor.call("A", T0, ctx -> {
            ctx.state(EVENTS).add("a");
            List<String> before = ctx.state(EVENTS).get();
            ctx.state(EVENTS).add("b");
            return before;
        });

        assertThat(snapshot).containsExactly("a");
        assertThatThrownBy(() -> snapshot.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(listOf("A")).containsExactly("a", "b");
    }

    @Test
    void readsElementsBackFromStoreAfterCacheIsTrimmed() {
        processor.run("A", T0, ctx -> {
            ctx.state(EVENTS).add("a");
            ctx.state(EVENTS).add("");
            ctx.state(EVENTS).add("with \"quotes\" and ünïcödé");
        });
        processor.run("B", T0, ctx -> ctx.state(EVENTS).add("b"));
        processor.trimCache();

        assertThat(listOf("A")).containsExactly("a", "", "with \"quotes\" and ünïcödé");
        processor.run("A", T0, ctx -> ctx.state(EVENTS).add("d"));
        processor.trimCache();

        assertThat(listOf("A")).containsExactly("a", "", "with \"quotes\" and ünïcödé", "d");
        assertThat(listOf("B")).containsExactly("b");
    }

    @Test
    void updateReplacesAndEmptyUpdateClears() {
        processor.run("A", T0, ctx -> {
            ctx.state(EVENTS).add("a");
            ctx.state(EVENTS).add("b");
        });
        processor.trimCache();
        long stored = processor.driver().storedEntries();

        List<String> replacement = new ArrayList<>(List.of("x", "y"));
        processor.run("A", T0, ctx -> ctx.state(EVENTS).update(replacement));
        replacement.add("added to the caller's list afterwards");
        assertThat(listOf("A")).containsExactly("x", "y");

        processor.run("A", T0, ctx -> ctx.state(EVENTS).update(List.of()));
        assertThat(listOf("A")).isEmpty();
        processor.trimCache();

        assertThat(listOf("A")).isEmpty();
        assertThat(processor.driver().storedEntries()).isEqualTo(stored - 1);
    }

    @Test
    void clearRemovesTheKeysListOnly() {
        processor.run("A", T0, ctx -> ctx.state(EVENTS).add("a"));
        processor.run("B", T0, ctx -> ctx.state(EVENTS).add("b"));
        processor.trimCache();

        processor.run("A", T0, ctx -> ctx.state(EVENTS).clear());
        processor.trimCache();

        assertThat(listOf("A")).isEmpty();
        assertThat(listOf("B")).containsExactly("b");
    }

    private List<String> listOf(String key) {
        return processor.call(key, T0, ctx -> ctx.state(EVENTS).get());
    }
}
