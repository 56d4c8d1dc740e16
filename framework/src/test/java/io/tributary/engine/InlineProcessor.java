package io.tributary.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.state.TimeDomain;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A tick processor whose {@code processElement} runs whatever code the test hands to {@link #call} or
 * {@link #run}, with the given key and event time in scope, so a test can drive state and timers step by step and
 * read results back directly. Every timer that fires is recorded in {@link #fired()}.
 */
final class InlineProcessor implements AutoCloseable {

    /** A timer call as the function saw it. */
    record Fired(String key, Instant time, TimeDomain domain, Instant watermark, @Nullable String topic) {
    }

    private final List<Fired> fired = new ArrayList<>();
    private final ProcessorTestDriver<String, JsonNode, String> driver;
    private Function<ProcessContext<String, String>, ?> action = context -> null;
    private Consumer<TimerContext<String, String>> onTimer = context -> {
    };
    private @Nullable Object result;
    private @Nullable Exception failure;

    InlineProcessor() {
        this(UnaryOperator.identity());
    }

    InlineProcessor(UnaryOperator<ProcessorDefinition.Builder<String, JsonNode, String>> customizer) {
        KeyedProcessFunction<String, JsonNode, String> function = new KeyedProcessFunction<>() {

            @Override
            public void processElement(JsonNode value, ProcessContext<String, String> context) throws Exception {
                try {
                    result = action.apply(context);
                }
                catch (RuntimeException ex) {
                    failure = ex;
                    throw ex;
                }
            }

            @Override
            public void onTimer(TimerContext<String, String> context) {
                fired.add(new Fired(context.currentKey(), context.timestamp(), context.timeDomain(),
                        context.currentWatermark(), context.recordMetadata().topic()));
                onTimer.accept(context);
            }
        };
        this.driver = Ticks.driver(customizer.apply(Ticks.processor("inline")), function);
    }

    /** Pipes a tick of {@code key} at {@code eventTime} and returns what {@code code} returned inside processElement. */
    @SuppressWarnings("unchecked")
    <R> @Nullable R call(String key, Instant eventTime, Function<ProcessContext<String, String>, R> code) {
        action = code;
        result = null;
        failure = null;
        Ticks.pipe(driver, key, eventTime, 0);
        action = context -> null;
        List<TestRecord<byte[], byte[]>> deadLetters = driver.readDeadLetters();
        if (failure != null || !deadLetters.isEmpty()) {
            throw new AssertionError("processElement failed for key " + key + ": "
                    + (deadLetters.isEmpty() ? "" : deadLetters.get(0).header("kafka_dlt-exception-message")), failure);
        }
        return (R) result;
    }

    /** Pipes a tick of {@code key} at {@code eventTime} and runs {@code code} inside processElement. */
    void run(String key, Instant eventTime, Consumer<ProcessContext<String, String>> code) {
        call(key, eventTime, context -> {
            code.accept(context);
            return null;
        });
    }

    /** What every timer firing from now on also does, after being recorded. */
    void onTimer(Consumer<TimerContext<String, String>> code) {
        this.onTimer = code;
    }

    /** Removes and returns the timer calls recorded so far. */
    List<Fired> fired() {
        List<Fired> out = List.copyOf(fired);
        fired.clear();
        return out;
    }

    ProcessorTestDriver<String, JsonNode, String> driver() {
        return driver;
    }

    /** See {@link Ticks#trimCache}. */
    void trimCache() {
        Ticks.trimCache(driver);
    }

    @Override
    public void close() {
        driver.close();
    }
}
