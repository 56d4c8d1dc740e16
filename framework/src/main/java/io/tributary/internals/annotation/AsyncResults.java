package io.tributary.internals.annotation;

import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Adapts what an asynchronous bean method returns to a {@link CompletionStage}: a stage as it is, or a Reactor
 * {@code Mono} when Reactor is on the class path. Reactor is optional: without it, only stages are recognised and no
 * Reactor class is ever loaded (the adapter touching {@code Mono} is a nested class loaded on first use).
 */
public final class AsyncResults {

    private static final @Nullable Class<?> MONO = load("reactor.core.publisher.Mono");

    private AsyncResults() {
    }

    /** Whether a method returning {@code type} can be adapted: a {@code CompletionStage} or a {@code Mono}. */
    public static boolean isAsync(Class<?> type) {
        return CompletionStage.class.isAssignableFrom(type) || (MONO != null && MONO.isAssignableFrom(type));
    }

    /**
     * The stage of {@code result}; a {@code Mono} is subscribed to here, and an empty one completes with {@code null}.
     *
     * @throws IllegalArgumentException if {@code result} is neither
     */
    @SuppressWarnings("unchecked")
    public static CompletionStage<Object> toStage(Object result) {
        if (result instanceof CompletionStage<?> stage) {
            return (CompletionStage<Object>) stage;
        }
        if (MONO != null && MONO.isInstance(result)) {
            return MonoAdapter.toStage(result);
        }
        throw new IllegalArgumentException("cannot adapt " + result.getClass().getName()
                + " to a CompletionStage; return a CompletableFuture" + (MONO != null ? " or a Mono" : ""));
    }

    private static @Nullable Class<?> load(String name) {
        try {
            return Class.forName(name, false, AsyncResults.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return null;
        }
    }

    /** The only code that names Reactor's types. */
    private static final class MonoAdapter {

        @SuppressWarnings("unchecked")
        static CompletionStage<Object> toStage(Object mono) {
            return ((reactor.core.publisher.Mono<Object>) mono).toFuture();
        }
    }
}
