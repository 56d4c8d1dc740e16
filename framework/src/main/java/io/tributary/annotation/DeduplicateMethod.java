package io.tributary.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.function.UnaryOperator;

import io.tributary.api.ProcessorDefinition;
import io.tributary.dedup.Deduplication;
import tools.jackson.databind.JsonNode;

/**
 * Builds the definition of one {@link Deduplicate} method by translating its attributes into a
 * {@link Deduplication.Builder}.
 */
final class DeduplicateMethod extends AnnotatedMethod {

    private final Deduplicate annotation;

    DeduplicateMethod(Object bean, Class<?> userClass, Method method, String name, UnaryOperator<String> resolver) {
        super(bean, userClass, method, name, "@Deduplicate", resolver);
        this.annotation = method.getAnnotation(Deduplicate.class);
    }

    ProcessorDefinition<String, JsonNode, JsonNode> build() {
        if (method.getParameterCount() != 0 || method.getReturnType() != void.class
                || Modifier.isStatic(method.getModifiers())) {
            throw fail("the method must be an instance method 'void " + method.getName()
                    + "()'; its body is never called");
        }
        try {
            Deduplication.Builder builder = Deduplication.builder(name)
                    .source(sources(annotation.sources(), "events").toArray(String[]::new))
                    .output(required(annotation.output(), "output", "set e.g. output = \"" + name + "-unique\""))
                    .scope(scope())
                    .maxOutOfOrderness(nonNegative(annotation.maxOutOfOrderness(), "maxOutOfOrderness"));
            String keyFields = resolve(annotation.keyFields(), "keyFields");
            if (annotation.wholeValue()) {
                if (!keyFields.isEmpty()) {
                    throw fail("keyFields '" + keyFields + "' is set with wholeValue = true; remove one of them");
                }
                builder.wholeValue();
            }
            else {
                builder.keyBy(fieldPaths(annotation.keyFields(), "keyFields",
                        "set e.g. keyFields = \"event_id\" or keyFields = \"symbol,timestamp\", or wholeValue = true"));
            }
            String outputKeyField = resolve(annotation.outputKeyField(), "outputKeyField");
            if (!outputKeyField.isEmpty()) {
                builder.outputKeyField(outputKeyField);
            }
            String timestampField = resolve(annotation.timestampField(), "timestampField");
            if (annotation.processingTime()) {
                if (!timestampField.isEmpty()) {
                    throw fail("timestampField '" + timestampField + "' is set with processingTime = true; "
                            + "remove one of them");
                }
                builder.scopeInProcessingTime();
            }
            else if (!timestampField.isEmpty()) {
                builder.eventTime(timestampField);
            }
            if (annotation.keep() == Deduplicate.Keep.LAST) {
                builder.keepLast();
            }
            String duplicatesTopic = resolve(annotation.duplicatesTopic(), "duplicatesTopic");
            if (!duplicatesTopic.isEmpty()) {
                builder.duplicatesTo(duplicatesTopic);
            }
            deadLettersAndRepartition(builder, annotation.deadLetterTopic(), annotation.repartition());
            return builder.build();
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw withContext(ex);
        }
    }

    private Duration scope() {
        Duration scope = optionalPositive(annotation.scope(), "scope");
        if (scope == null) {
            throw fail("scope is empty; set how long a key is remembered, e.g. scope = \"10m\"");
        }
        return scope;
    }
}
