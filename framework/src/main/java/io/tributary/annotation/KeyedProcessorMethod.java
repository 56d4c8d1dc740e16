package io.tributary.annotation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.tributary.api.EventTimeExtractor;
import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.WatermarkStrategy;
import io.tributary.internals.annotation.MethodProcessFunction;
import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Builds the definition of one {@link KeyedProcessor} method, with its {@link OnTimer} method if any: JSON in, the
 * method called with the value bound to {@link KeyedProcessor#valueType()}, JSON out.
 */
final class KeyedProcessorMethod extends AnnotatedMethod {

    private static final Serde<Object> OUTPUT_SERDE = Serdes.json(Object.class);

    private final @Nullable Method timerMethod;
    private final KeyedProcessor annotation;

    KeyedProcessorMethod(Object bean, Class<?> userClass, Method method, String name, @Nullable Method timerMethod,
            UnaryOperator<String> resolver) {
        super(bean, userClass, method, name, "@KeyedProcessor", resolver);
        this.timerMethod = timerMethod;
        this.annotation = method.getAnnotation(KeyedProcessor.class);
    }

    ProcessorDefinition<String, JsonNode, Object> build() {
        Class<?> valueType = annotation.valueType();
        checkSignature(valueType);
        List<String> sources = sources();
        KeySelector<JsonNode, String> keySelector = keySelector();
        EventTimeExtractor<JsonNode> eventTime = eventTime();
        WatermarkStrategy watermarks = watermarks();
        String output = resolve(annotation.output(), "output");
        String deadLetterTopic = resolve(annotation.deadLetterTopic(), "deadLetterTopic");
        Map<OutputTag<Object>, String> sideOutputs = sideOutputs();
        MethodHandle process = handle(method);
        MethodHandle timer = timerMethod == null ? null : handle(timerMethod);
        Class<?> bindTo = valueType == JsonNode.class ? null : valueType;

        try {
            ProcessorDefinition.Builder<String, JsonNode, Object> builder = ProcessorDefinition
                    .builder(name, Serdes.string(), Serdes.jsonNode(), OUTPUT_SERDE)
                    .source(sources.toArray(String[]::new))
                    .key(keySelector)
                    .eventTime(eventTime)
                    .watermarks(watermarks)
                    .function(() -> new MethodProcessFunction(name, process, timer, bindTo,
                            Serdes.defaultJsonMapper()));
            if (!output.isEmpty()) {
                builder.output(output);
            }
            if (!deadLetterTopic.isEmpty()) {
                builder.deadLetterTopic(deadLetterTopic);
            }
            if (annotation.repartition()) {
                builder.repartition();
            }
            sideOutputs.forEach(builder::sideOutput);
            return builder.build();
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw fail(ex.getMessage(), ex);
        }
    }

    private void checkSignature(Class<?> valueType) {
        String expected = "declare it as an instance method 'void " + method.getName() + "("
                + valueType.getSimpleName() + " value, ProcessContext<String, Object> ctx)'";
        if (valueType.isPrimitive()) {
            throw fail("valueType " + valueType + " is primitive; use a JSON-bindable class such as "
                    + "JsonNode, a record or a POJO");
        }
        Class<?>[] parameters = method.getParameterTypes();
        boolean shape = !Modifier.isStatic(method.getModifiers()) && method.getReturnType() == void.class
                && parameters.length == 2 && parameters[1] == ProcessContext.class
                && AnnotatedProcessors.hasStringKey(method.getGenericParameterTypes()[1]);
        if (!shape) {
            throw fail("the method has the wrong signature; " + expected);
        }
        if (!parameters[0].isAssignableFrom(valueType)) {
            throw fail("the method takes " + parameters[0].getSimpleName() + " but valueType is "
                    + valueType.getSimpleName() + "; set valueType = " + parameters[0].getSimpleName()
                    + ".class or " + expected);
        }
    }

    private List<String> sources() {
        return sources(annotation.sources(), "orders");
    }

    private KeySelector<JsonNode, String> keySelector() {
        String keyField = resolve(annotation.keyField(), "keyField");
        if (keyField.isEmpty()) {
            return KeySelectors.recordKey();
        }
        String[] paths = fieldPaths(keyField, "keyField", "");
        try {
            return KeySelectors.fields(paths);
        }
        catch (IllegalArgumentException ex) {
            throw fail("keyField '" + keyField + "' is invalid: " + ex.getMessage(), ex);
        }
    }

    private EventTimeExtractor<JsonNode> eventTime() {
        String timestampField = resolve(annotation.timestampField(), "timestampField");
        if (timestampField.isEmpty()) {
            return EventTimeExtractors.recordTimestamp();
        }
        try {
            return EventTimeExtractors.field(timestampField);
        }
        catch (IllegalArgumentException ex) {
            throw fail("timestampField '" + timestampField + "' is invalid: " + ex.getMessage(), ex);
        }
    }

    private WatermarkStrategy watermarks() {
        Duration maxOutOfOrderness = duration(annotation.maxOutOfOrderness(), "maxOutOfOrderness");
        if (maxOutOfOrderness == null) {
            throw fail("maxOutOfOrderness must not be empty; " + DURATION_EXAMPLE + ", or 0ms for in-order input");
        }
        if (maxOutOfOrderness.isNegative()) {
            throw fail("maxOutOfOrderness must not be negative, got '" + annotation.maxOutOfOrderness()
                    + "'; " + DURATION_EXAMPLE);
        }
        WatermarkStrategy strategy = WatermarkStrategy.boundedOutOfOrderness(maxOutOfOrderness);
        Duration idleTimeout = optionalPositive(annotation.idleTimeout(), "idleTimeout");
        return idleTimeout == null ? strategy : strategy.withIdleness(idleTimeout);
    }

    private Map<OutputTag<Object>, String> sideOutputs() {
        Map<OutputTag<Object>, String> sideOutputs = new LinkedHashMap<>();
        for (SideOutput sideOutput : annotation.sideOutputs()) {
            String sideName = resolve(sideOutput.name(), "sideOutputs.name");
            String topic = resolve(sideOutput.topic(), "sideOutputs.topic");
            OutputTag<Object> tag;
            try {
                tag = OutputTag.of(sideName, OUTPUT_SERDE);
            }
            catch (IllegalArgumentException ex) {
                throw fail("sideOutputs: " + ex.getMessage(), ex);
            }
            if (topic.isEmpty()) {
                throw fail("side output '" + sideName + "' has no topic; set e.g. topic = \"" + name + "-"
                        + sideName + "\"");
            }
            if (sideOutputs.put(tag, topic) != null) {
                throw fail("side output '" + sideName + "' is declared twice; give each side output its own name");
            }
        }
        return sideOutputs;
    }

    private MethodHandle handle(Method target) {
        try {
            // user beans are often package-private; a named module that does not open it makes unreflect fail
            target.trySetAccessible();
            return MethodHandles.lookup().unreflect(target).bindTo(bean);
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw new IllegalStateException("cannot call " + AnnotatedProcessors.describe(userClass, target) + " for processor '"
                    + name + "': " + ex.getMessage() + "; make the method and its class public, or open the package to io.tributary", ex);
        }
    }
}
