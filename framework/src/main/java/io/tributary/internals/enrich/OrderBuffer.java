package io.tributary.internals.enrich;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.tributary.enrich.EnrichmentOrder;

/**
 * Decides when a completed element may be emitted, for one {@link EnrichmentOrder}: elements are added in input
 * order and completed in any order; {@link #complete} hands over, in emission order, every element that became
 * emittable. Pure logic, single-threaded (the task thread).
 *
 * @param <E> the element type
 */
abstract class OrderBuffer<E extends OrderBuffer.Element> {

    /** What the buffer tracks of an element: its key (for per-key order) and whether its result is in. */
    abstract static class Element {

        final Object key;
        boolean complete;

        Element(Object key) {
            this.key = key;
        }
    }

    static <E extends Element> OrderBuffer<E> of(EnrichmentOrder order) {
        switch (order) {
            case ORDERED:
                return new Ordered<>();
            case PER_KEY:
                return new PerKey<>();
            default:
                return new Unordered<>();
        }
    }

    /** Adds an element, in input order. */
    abstract void add(E element);

    /** Marks {@code element} complete and passes every element now emittable to {@code emit}, in order. */
    abstract void complete(E element, Consumer<? super E> emit);

    /** Elements added and not yet emitted. */
    abstract int size();

    /** Emits each element as soon as it completes. */
    private static final class Unordered<E extends Element> extends OrderBuffer<E> {

        private int size;

        @Override
        void add(E element) {
            size++;
        }

        @Override
        void complete(E element, Consumer<? super E> emit) {
            if (!element.complete) {
                element.complete = true;
                size--;
                emit.accept(element);
            }
        }

        @Override
        int size() {
            return size;
        }
    }

    /** Emits in input order: a completed element waits for every element added before it. */
    private static final class Ordered<E extends Element> extends OrderBuffer<E> {

        private final ArrayDeque<E> queue = new ArrayDeque<>();

        @Override
        void add(E element) {
            queue.addLast(element);
        }

        @Override
        void complete(E element, Consumer<? super E> emit) {
            element.complete = true;
            while (!queue.isEmpty() && queue.peekFirst().complete) {
                emit.accept(queue.pollFirst());
            }
        }

        @Override
        int size() {
            return queue.size();
        }
    }

    /** Emits in input order per key; keys do not wait for each other. */
    private static final class PerKey<E extends Element> extends OrderBuffer<E> {

        private final Map<Object, ArrayDeque<E>> queues = new HashMap<>();
        private int size;

        @Override
        void add(E element) {
            queues.computeIfAbsent(element.key, key -> new ArrayDeque<>()).addLast(element);
            size++;
        }

        @Override
        void complete(E element, Consumer<? super E> emit) {
            element.complete = true;
            ArrayDeque<E> queue = queues.get(element.key);
            if (queue == null) {
                return;
            }
            while (!queue.isEmpty() && queue.peekFirst().complete) {
                size--;
                emit.accept(queue.pollFirst());
            }
            if (queue.isEmpty()) {
                queues.remove(element.key);
            }
        }

        @Override
        int size() {
            return size;
        }
    }
}
