package io.tributary.internals.enrich;

import java.util.ArrayList;
import java.util.List;

import io.tributary.enrich.EnrichmentOrder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderBufferTest {

    private static final class Item extends OrderBuffer.Element {

        final String name;

        Item(String key, String name) {
            super(key);
            this.name = name;
        }
    }

    private final List<String> emitted = new ArrayList<>();

    @Test
    void orderedHoldsCompletedElementsUntilEverythingBeforeThemCompleted() {
        OrderBuffer<Item> buffer = OrderBuffer.of(EnrichmentOrder.ORDERED);
        Item a = add(buffer, "k1", "a");
        Item b = add(buffer, "k2", "b");
        Item c = add(buffer, "k1", "c");

        complete(buffer, c);
        complete(buffer, b);
        assertThat(emitted).isEmpty();
        assertThat(buffer.size()).isEqualTo(3);

        complete(buffer, a);
        assertThat(emitted).containsExactly("a", "b", "c");
        assertThat(buffer.size()).isZero();
    }

    @Test
    void unorderedEmitsEachElementWhenItCompletes() {
        OrderBuffer<Item> buffer = OrderBuffer.of(EnrichmentOrder.UNORDERED);
        Item a = add(buffer, "k1", "a");
        Item b = add(buffer, "k1", "b");

        complete(buffer, b);
        assertThat(emitted).containsExactly("b");
        assertThat(buffer.size()).isEqualTo(1);
        complete(buffer, a);
        complete(buffer, a);
        assertThat(emitted).containsExactly("b", "a");
        assertThat(buffer.size()).isZero();
    }

    @Test
    void perKeyOrdersWithinAKeyAndLetsOtherKeysPass() {
        OrderBuffer<Item> buffer = OrderBuffer.of(EnrichmentOrder.PER_KEY);
        Item a1 = add(buffer, "a", "a1");
        Item b1 = add(buffer, "b", "b1");
        Item a2 = add(buffer, "a", "a2");
        Item b2 = add(buffer, "b", "b2");

        complete(buffer, a2);
        complete(buffer, b2);
        assertThat(emitted).isEmpty();
        complete(buffer, b1);
        assertThat(emitted).containsExactly("b1", "b2");
        complete(buffer, a1);
        assertThat(emitted).containsExactly("b1", "b2", "a1", "a2");
        assertThat(buffer.size()).isZero();
    }

    private static Item add(OrderBuffer<Item> buffer, String key, String name) {
        Item item = new Item(key, name);
        buffer.add(item);
        return item;
    }

    private void complete(OrderBuffer<Item> buffer, Item item) {
        buffer.complete(item, done -> emitted.add(done.name));
    }
}
