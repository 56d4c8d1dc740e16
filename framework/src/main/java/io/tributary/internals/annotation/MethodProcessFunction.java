package io.tributary.internals.annotation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Objects;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.serde.SerdeException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adapts a {@code @KeyedProcessor} bean method (and its {@code @OnTimer} method) to
 * {@link KeyedProcessFunction}, so the engine runs annotated processors exactly like hand-written ones.
 *
 * <p>Why method handles: they are bound to the bean and adapted to one erased type once, at startup, so a
 * call costs about what a direct interface call does, and the user's exception propagates as it was thrown
 * instead of wrapped in an {@code InvocationTargetException}. Why the tree comes in: the definition reads
 * key and event time from the JSON tree, and only then is the tree bound to the method's value type here.
 *
 * <p>Stateless apart from the shared handles; one instance per task, as the definition's factory requires,
 * although the bean behind the handles is shared by all tasks.
 */
public final class MethodProcessFunction implements KeyedProcessFunction<String, JsonNode, Object> {

    private static final MethodType PROCESS_TYPE = MethodType.methodType(void.class, Object.class,
            ProcessContext.class);
    private static final MethodType TIMER_TYPE = MethodType.methodType(void.class, TimerContext.class);

    private final String processorName;
    private final MethodHandle process;
    private final @Nullable MethodHandle timer;
    private final @Nullable Class<?> valueType;
    private final JsonMapper mapper;

    /**
     * @param processorName the processor's name, for error messages
     * @param process the processor method bound to its bean, taking {@code (value, ProcessContext)}
     * @param timer the timer method bound to its bean, taking {@code (TimerContext)}; {@code null} if none
     * @param valueType the type to bind the tree to; {@code null} to pass the tree itself
     * @param mapper binds the tree to {@code valueType}
     */
    public MethodProcessFunction(String processorName, MethodHandle process, @Nullable MethodHandle timer,
            @Nullable Class<?> valueType, JsonMapper mapper) {
        this.processorName = Objects.requireNonNull(processorName, "processorName");
        this.process = Objects.requireNonNull(process, "process").asType(PROCESS_TYPE);
        this.timer = timer == null ? null : timer.asType(TIMER_TYPE);
        this.valueType = valueType;
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public void processElement(JsonNode value, ProcessContext<String, Object> context) throws Exception {
        Object argument = valueType == null ? value : bind(value, valueType);
        try {
            process.invokeExact(argument, (ProcessContext<?, ?>) context);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void onTimer(TimerContext<String, Object> context) throws Exception {
        if (timer == null) {
            return;
        }
        try {
            timer.invokeExact((TimerContext<?, ?>) context);
        }
        catch (Exception | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Object bind(JsonNode value, Class<?> type) {
        try {
            Object bound = mapper.treeToValue(value, type);
            if (bound == null) {
                throw new SerdeException("processor '" + processorName + "' got JSON null where "
                        + type.getSimpleName() + " was expected");
            }
            return bound;
        }
        catch (JacksonException ex) {
            throw new SerdeException("processor '" + processorName + "' cannot bind the record value to "
                    + type.getName() + ": " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public String toString() {
        return "MethodProcessFunction[" + processorName + "]";
    }
}
