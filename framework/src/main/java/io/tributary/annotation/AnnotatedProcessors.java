package io.tributary.annotation;

import io.tributary.internals.topics.TopicNames;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.tributary.api.EventTimeExtractor;
import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.OutputTag;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.api.WatermarkStrategy;
import io.tributary.internals.annotation.DurationText;
import io.tributary.internals.annotation.MethodProcessFunction;
import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns the {@link KeyedProcessor} and {@link WindowedAggregation} methods of a bean into
 * {@link ProcessorDefinition}s the runtime can run.
 *
 * <p>The bean's class and its superclasses are scanned; an annotation on an overridden method applies to
 * the override. A Spring CGLIB proxy (class name containing {@code $$}) is scanned as the class it proxies,
 * and its methods are invoked on the proxy, so advice such as metrics still applies. Every String attribute
 * is passed through {@code placeholderResolver} first. Everything is validated here, so a bad signature,
 * path or duration fails at startup with a message naming the bean class, the method and the fix.
 *
 * <p>Each definition reads values as JSON trees, takes key and event time from the tree, then binds the tree
 * to {@link KeyedProcessor#valueType()} before calling the method; main and side outputs are written as
 * JSON. The bean is shared by all tasks of the processor and called from several threads at once: annotated
 * beans must keep per-key data in Tributary state ({@code ctx.state(descriptor)}), not in fields.
 *
 * <p>A {@link WindowedAggregation} method becomes the definition {@link io.tributary.window.WindowedAggregation}'s
 * builder makes: JSON in, JSON window results out. Its method is called at most once, here, for its aggregate
 * function.
 */
public final class AnnotatedProcessors {

    private static final Serde<Object> OUTPUT_SERDE = Serdes.json(Object.class);

    private static final String DURATION_EXAMPLE = "write e.g. 500ms, 10s, 3m, 1h, 2d or PT3M";

    private AnnotatedProcessors() {
    }

    /** The definitions of {@code bean}'s processors, with attributes taken literally (no placeholders). */
    public static List<ProcessorDefinition<String, ?, Object>> definitionsOf(Object bean) {
        return definitionsOf(bean, UnaryOperator.identity());
    }

    /**
     * The definitions of {@code bean}'s processors, sorted by name; empty when it has none.
     *
     * @param bean the object whose methods are annotated
     * @param placeholderResolver resolves {@code ${...}} placeholders in String attributes; the Spring starter
     *        passes {@code Environment::resolvePlaceholders}
     * @throws IllegalStateException if a method's signature or an attribute is invalid, two processors of the
     *         bean share a name, or an {@link OnTimer} names no processor of the bean
     */
    public static List<ProcessorDefinition<String, ?, Object>> definitionsOf(Object bean,
            UnaryOperator<String> placeholderResolver) {
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(placeholderResolver, "placeholderResolver");
        Class<?> userClass = userClass(bean.getClass());
        List<Method> processorMethods = new ArrayList<>();
        List<Method> timerMethods = new ArrayList<>();
        List<Method> windowedMethods = new ArrayList<>();
        collectAnnotatedMethods(userClass, processorMethods, timerMethods, windowedMethods);
        if (processorMethods.isEmpty() && timerMethods.isEmpty() && windowedMethods.isEmpty()) {
            return List.of();
        }

        Map<String, Method> processorByName = new LinkedHashMap<>();
        for (Method method : processorMethods) {
            KeyedProcessor annotation = method.getAnnotation(KeyedProcessor.class);
            String name = resolve(placeholderResolver, annotation.name(), "name", "@KeyedProcessor", annotation.name(),
                    userClass, method);
            Method previous = processorByName.putIfAbsent(name, method);
            if (previous != null) {
                throw new IllegalStateException("@KeyedProcessor name '" + name + "' is used twice in "
                        + userClass.getName() + ", by " + describe(userClass, previous) + " and "
                        + describe(userClass, method) + "; give each processor its own name");
            }
        }

        Map<String, Method> windowedByName = new LinkedHashMap<>();
        for (Method method : windowedMethods) {
            WindowedAggregation annotation = method.getAnnotation(WindowedAggregation.class);
            String name = resolve(placeholderResolver, annotation.name(), "name", "@WindowedAggregation",
                    annotation.name(), userClass, method);
            Method previous = processorByName.containsKey(name) ? processorByName.get(name)
                    : windowedByName.putIfAbsent(name, method);
            if (previous != null) {
                throw new IllegalStateException("processor name '" + name + "' is used twice in "
                        + userClass.getName() + ", by " + describe(userClass, previous) + " and "
                        + describe(userClass, method) + "; give each processor its own name");
            }
        }

        Map<String, Method> timerByProcessor = new LinkedHashMap<>();
        for (Method method : timerMethods) {
            String raw = method.getAnnotation(OnTimer.class).value();
            String processor = placeholderResolver.apply(raw);
            processor = processor == null ? null : processor.strip();
            if (processor == null || !processorByName.containsKey(processor)) {
                throw new IllegalStateException("@OnTimer(\"" + raw + "\") on " + describe(userClass, method)
                        + " names no @KeyedProcessor of " + userClass.getName() + "; use one of "
                        + processorByName.keySet());
            }
            Method previous = timerByProcessor.putIfAbsent(processor, method);
            if (previous != null) {
                throw new IllegalStateException("processor '" + processor + "' has two @OnTimer methods in "
                        + userClass.getName() + ", " + describe(userClass, previous) + " and "
                        + describe(userClass, method) + "; keep one");
            }
            checkTimerSignature(userClass, method);
        }

        Map<String, ProcessorDefinition<String, ?, Object>> definitions = new TreeMap<>();
        processorByName.forEach((name, method) -> definitions.put(name, new Builder(bean, userClass, method, name,
                timerByProcessor.get(name), placeholderResolver).build()));
        windowedByName.forEach((name, method) -> definitions.put(name, asObjectOutput(
                new WindowedAggregationMethod(bean, userClass, method, name, placeholderResolver).build())));
        return List.copyOf(definitions.values());
    }

    /**
     * Widens a window definition's output type to this class's {@code Object}: the definition carries its own output
     * serde and only ever writes the JsonNode results its function emits, so nothing else reaches that serde.
     */
    @SuppressWarnings("unchecked")
    private static ProcessorDefinition<String, ?, Object> asObjectOutput(
            ProcessorDefinition<String, JsonNode, JsonNode> definition) {
        return (ProcessorDefinition<String, ?, Object>) (ProcessorDefinition<String, ?, ?>) definition;
    }

    /** The class the user wrote: a CGLIB proxy's superclass, otherwise the class itself. */
    static Class<?> userClass(Class<?> type) {
        if (type.getName().contains("$$")) {
            Class<?> superclass = type.getSuperclass();
            if (superclass != null && superclass != Object.class) {
                return superclass;
            }
        }
        return type;
    }

    /**
     * Collects annotated methods from {@code type} up; a superclass method overridden by an annotated method
     * is skipped, one overridden by an unannotated method still counts (the override inherits it).
     */
    private static void collectAnnotatedMethods(Class<?> type, List<Method> processors, List<Method> timers,
            List<Method> windowed) {
        Set<String> taken = new HashSet<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            Method[] methods = current.getDeclaredMethods();
            Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
            for (Method method : methods) {
                if (method.isBridge() || method.isSynthetic()) {
                    continue;
                }
                boolean processor = method.isAnnotationPresent(KeyedProcessor.class);
                boolean timer = method.isAnnotationPresent(OnTimer.class);
                boolean window = method.isAnnotationPresent(WindowedAggregation.class);
                if (!processor && !timer && !window) {
                    continue;
                }
                if (!taken.add(overrideKey(method))) {
                    continue;
                }
                if (processor && timer) {
                    throw new IllegalStateException(describe(type, method)
                            + " has both @KeyedProcessor and @OnTimer; put them on separate methods");
                }
                if (window && (processor || timer)) {
                    throw new IllegalStateException(describe(type, method) + " has @WindowedAggregation and "
                            + (processor ? "@KeyedProcessor" : "@OnTimer") + "; put them on separate methods");
                }
                (window ? windowed : processor ? processors : timers).add(method);
            }
        }
    }

    private static String overrideKey(Method method) {
        String signature = method.getName() + Arrays.toString(method.getParameterTypes());
        return Modifier.isPrivate(method.getModifiers())
                ? method.getDeclaringClass().getName() + "#" + signature
                : signature;
    }

    private static void checkTimerSignature(Class<?> userClass, Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        boolean valid = !Modifier.isStatic(method.getModifiers()) && method.getReturnType() == void.class
                && parameters.length == 1 && parameters[0] == TimerContext.class
                && hasStringKey(method.getGenericParameterTypes()[0]);
        if (!valid) {
            throw new IllegalStateException("@OnTimer method " + describe(userClass, method)
                    + " has the wrong signature; declare it as an instance method 'void " + method.getName()
                    + "(TimerContext<String, Object> ctx)'");
        }
    }

    /** Whether a {@code ProcessContext}/{@code TimerContext} parameter is raw or keyed by String. */
    private static boolean hasStringKey(Type parameter) {
        if (!(parameter instanceof ParameterizedType parameterized)) {
            return true;
        }
        Type key = parameterized.getActualTypeArguments()[0];
        if (key == String.class || key == Object.class) {
            return true;
        }
        return key instanceof WildcardType wildcard && wildcard.getLowerBounds().length == 0
                && Arrays.stream(wildcard.getUpperBounds()).allMatch(b -> b == Object.class || b == String.class);
    }

    static String resolve(UnaryOperator<String> resolver, String value, String attribute, String annotation,
            String processor, Class<?> userClass, Method method) {
        String resolved = resolver.apply(value);
        if (resolved == null) {
            throw new IllegalStateException(annotation + " '" + processor + "' on " + describe(userClass, method)
                    + ": " + attribute + " '" + value + "' resolved to null; define the property it refers to");
        }
        return resolved.strip();
    }

    static String describe(Class<?> userClass, Method method) {
        String parameters = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return userClass.getName() + "." + method.getName() + "(" + parameters + ")";
    }

    /** Builds one definition, holding the context that every error message names. */
    private static final class Builder {

        private final Object bean;
        private final Class<?> userClass;
        private final Method method;
        private final String name;
        private final @Nullable Method timerMethod;
        private final UnaryOperator<String> resolver;
        private final KeyedProcessor annotation;

        Builder(Object bean, Class<?> userClass, Method method, String name, @Nullable Method timerMethod,
                UnaryOperator<String> resolver) {
            this.bean = bean;
            this.userClass = userClass;
            this.method = method;
            this.name = name;
            this.timerMethod = timerMethod;
            this.resolver = resolver;
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
                    && hasStringKey(method.getGenericParameterTypes()[1]);
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
            List<String> topics = TopicNames.split(annotation.sources(), entry -> resolve(entry, "sources"));
            if (topics.isEmpty()) {
                throw fail("sources " + Arrays.toString(annotation.sources())
                        + " names no topic; set e.g. sources = \"orders\"");
            }
            return topics;
        }

        private KeySelector<JsonNode, String> keySelector() {
            String keyField = resolve(annotation.keyField(), "keyField");
            if (keyField.isEmpty()) {
                return KeySelectors.recordKey();
            }
            String[] paths = keyField.split(",", -1);
            for (int i = 0; i < paths.length; i++) {
                paths[i] = paths[i].strip();
            }
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
            Duration idleTimeout = duration(annotation.idleTimeout(), "idleTimeout");
            if (idleTimeout == null) {
                return strategy;
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw fail("idleTimeout must be positive, got '" + annotation.idleTimeout() + "'; "
                        + DURATION_EXAMPLE + ", or leave it empty for no idleness");
            }
            return strategy.withIdleness(idleTimeout);
        }

        /** The duration in {@code attribute}, or {@code null} when it is empty. */
        private @Nullable Duration duration(String raw, String attribute) {
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
                throw new IllegalStateException("cannot call " + describe(userClass, target) + " for processor '"
                        + name + "': " + ex.getMessage() + "; make the method and its class public, or open the package to io.tributary", ex);
            }
        }

        private String resolve(String value, String attribute) {
            return AnnotatedProcessors.resolve(resolver, value, attribute, "@KeyedProcessor", name, userClass, method);
        }

        private IllegalStateException fail(@Nullable String problem) {
            return fail(problem, null);
        }

        private IllegalStateException fail(@Nullable String problem, @Nullable Throwable cause) {
            return new IllegalStateException(
                    "@KeyedProcessor '" + name + "' on " + describe(userClass, method) + ": " + problem, cause);
        }
    }
}
