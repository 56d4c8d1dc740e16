package io.tributary.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import io.tributary.api.JsonOperatorBuilder;
import io.tributary.internals.annotation.DurationText;
import io.tributary.internals.topics.TopicNames;
import org.jspecify.annotations.Nullable;

/**
 * One annotated bean method being turned into a processor definition: holds the context every error message
 * names (annotation, processor, class, method) and reads attributes the same way for every annotation, with
 * placeholders resolved, durations parsed and topics split.
 */
abstract class AnnotatedMethod {

    static final String DURATION_EXAMPLE = "write e.g. 500ms, 10s, 3m, 1h, 2d or PT3M";

    final Object bean;
    final Class<?> userClass;
    final Method method;
    final String name;
    private final String annotationName;
    private final UnaryOperator<String> resolver;

    AnnotatedMethod(Object bean, Class<?> userClass, Method method, String name, String annotationName,
            UnaryOperator<String> resolver) {
        this.bean = bean;
        this.userClass = userClass;
        this.method = method;
        this.name = name;
        this.annotationName = annotationName;
        this.resolver = resolver;
    }

    /** The topics of a {@code sources} attribute; entries may list several, comma-separated. */
    final List<String> sources(String[] raw, String example) {
        List<String> topics = TopicNames.split(raw, entry -> resolve(entry, "sources"));
        if (topics.isEmpty()) {
            throw fail("sources " + Arrays.toString(raw) + " names no topic; set e.g. sources = \"" + example + "\"");
        }
        return topics;
    }

    /** The resolved, stripped attribute, which must not be empty. */
    final String required(String raw, String attribute, String fix) {
        String value = resolve(raw, attribute);
        if (value.isEmpty()) {
            throw fail(attribute + " is empty; " + fix);
        }
        return value;
    }

    /** A duration that is zero when empty and must not be negative. */
    final Duration nonNegative(String raw, String attribute) {
        Duration duration = duration(raw, attribute);
        if (duration == null) {
            return Duration.ZERO;
        }
        if (duration.isNegative()) {
            throw fail(attribute + " must not be negative, got '" + raw + "'; " + DURATION_EXAMPLE + ", or 0ms");
        }
        return duration;
    }

    /** A positive duration, or {@code null} when empty. */
    final @Nullable Duration optionalPositive(String raw, String attribute) {
        Duration duration = duration(raw, attribute);
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw fail(attribute + " must be positive, got '" + raw + "'; " + DURATION_EXAMPLE
                    + ", or leave it empty");
        }
        return duration;
    }

    /** The duration in {@code attribute}, or {@code null} when it is empty. */
    final @Nullable Duration duration(String raw, String attribute) {
        String text = resolve(raw, attribute);
        if (text.isEmpty()) {
            return null;
        }
        Duration duration = DurationText.parse(text);
        if (duration == null) {
            throw fail(attribute + " '" + text + "' is not a duration; " + DURATION_EXAMPLE);
        }
        return duration;
    }

    /** Comma-separated dotted JSON paths, stripped. */
    final String[] fieldPaths(String raw, String attribute, String fix) {
        String[] paths = required(raw, attribute, fix).split(",", -1);
        for (int i = 0; i < paths.length; i++) {
            paths[i] = paths[i].strip();
        }
        return paths;
    }

    final String resolve(String value, String attribute) {
        return AnnotatedProcessors.resolve(resolver, value, attribute, annotationName, name, userClass, method);
    }

    final IllegalStateException fail(@Nullable String problem) {
        return fail(problem, null);
    }

    final IllegalStateException fail(@Nullable String problem, @Nullable Throwable cause) {
        return new IllegalStateException(annotationName + " '" + name + "' on "
                + AnnotatedProcessors.describe(userClass, method) + ": " + problem, cause);
    }

    /** Rethrows an exception from a builder with this method's context, unless it already carries it. */
    final RuntimeException withContext(RuntimeException ex) {
        if (ex.getMessage() != null && ex.getMessage().startsWith(annotationName + " '")) {
            return ex;
        }
        return fail(ex.getMessage(), ex);
    }

    /** Sets the dead-letter topic and repartitioning, declared alike by every JSON operator annotation. */
    final void deadLettersAndRepartition(JsonOperatorBuilder<?> builder, String deadLetterTopicAttribute,
            boolean repartition) {
        String deadLetterTopic = resolve(deadLetterTopicAttribute, "deadLetterTopic");
        if (!deadLetterTopic.isEmpty()) {
            builder.deadLetterTopic(deadLetterTopic);
        }
        if (repartition) {
            builder.repartition();
        }
    }
}
