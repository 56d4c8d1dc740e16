package io.tributary.annotation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.tributary.enrich.AsyncLookup;
import io.tributary.internals.annotation.AsyncResults;
import io.tributary.serde.Serdes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The custom form of {@link Enrich}: an {@link AsyncLookup} that calls the annotated method with the record's value
 * (and key), adapts what it returns (a {@code CompletionStage} or a Reactor {@code Mono}) to a stage, and turns the
 * result into JSON. Never throws: a method that throws, or returns {@code null} instead of a stage, gives a failed
 * stage, so the enrichment's retry and failure handling apply. Thread-safe when the bean method is.
 */
final class MethodLookup implements AsyncLookup {

    private static final JsonMapper MAPPER = Serdes.defaultJsonMapper();

    private final MethodHandle handle;
    private final boolean withKey;
    private final String description;

    MethodLookup(Object bean, Method method, boolean withKey, String description) {
        this.withKey = withKey;
        this.description = description;
        try {
            // user beans are often package-private; a named module that does not open it makes unreflect fail
            method.trySetAccessible();
            this.handle = MethodHandles.lookup().unreflect(method).bindTo(bean);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw new IllegalStateException("cannot call " + description + ": " + ex.getMessage()
                    + "; make the method and its class public, or open the package to io.tributary", ex);
        }
    }

    @Override
    public CompletionStage<JsonNode> lookup(JsonNode value, String key) {
        Object returned;
        try {
            returned = withKey ? handle.invoke(key, value) : handle.invoke(value);
        }
        catch (Throwable ex) {
            if (ex instanceof Error error && !(ex instanceof AssertionError)) {
                throw error;
            }
            return CompletableFuture.failedFuture(ex);
        }
        if (returned == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(description
                    + " returned null; return a CompletableFuture (or Mono), e.g. CompletableFuture.completedFuture(result)"));
        }
        return AsyncResults.toStage(returned).thenApply(MethodLookup::toJson);
    }

    private static JsonNode toJson(Object result) {
        if (result == null) {
            return NullNode.getInstance();
        }
        return result instanceof JsonNode node ? node : MAPPER.valueToTree(result);
    }
}
