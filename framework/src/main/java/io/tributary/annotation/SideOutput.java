package io.tributary.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a side output of a {@link KeyedProcessor} to a topic. The method sends to it with
 * {@code ctx.sideOutput(OutputTag.of(name, Object.class), value)}; values are written as JSON.
 *
 * <p>Both attributes may hold {@code ${...}} placeholders.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface SideOutput {

    /** The side output's name, 1-100 characters of {@code [A-Za-z0-9._-]}, unique within the processor. */
    String name();

    /** The topic its values are written to. */
    String topic();
}
