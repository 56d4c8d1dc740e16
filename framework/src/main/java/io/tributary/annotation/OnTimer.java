package io.tributary.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the timer callback of the {@link KeyedProcessor} of the same bean whose name is {@link #value()}:
 * {@code @OnTimer("counter") void fire(TimerContext<String, Object> ctx)}.
 *
 * <p>It is called, like the processor method, on the processor's task threads with the timer's key as the
 * current key. A processor has at most one timer callback; timers registered by a processor without one fire
 * and are dropped.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTimer {

    /** The name of the processor whose timers this method handles; may hold {@code ${...}} placeholders. */
    String value();
}
