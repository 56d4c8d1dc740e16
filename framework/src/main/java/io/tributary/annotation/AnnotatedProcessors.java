package io.tributary.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
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

import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.enrich.EnrichmentResources;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns the {@link KeyedProcessor}, {@link WindowedAggregation}, {@link Deduplicate} and {@link Enrich} methods of a
 * bean into
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
 * function. A {@link Deduplicate} method becomes the definition {@link io.tributary.dedup.Deduplication}'s builder
 * makes; its method is never called. An {@link Enrich} method becomes the definition
 * {@link io.tributary.enrich.Enrichment}'s builder makes, with the {@link EnrichmentResources} given (by default
 * {@link EnrichmentResources#shared()}); its method is called for each lookup when it makes the call itself.
 */
public final class AnnotatedProcessors {

    /** The annotations that declare a whole high-level operator on a method whose body gives at most a function. */
    private static final List<Class<? extends Annotation>> OPERATOR_ANNOTATIONS = List.of(WindowedAggregation.class,
            Deduplicate.class, Enrich.class);

    private AnnotatedProcessors() {
    }

    /**
     * Whether {@code type} or a superclass has a method with any of this package's processor annotations; cheap
     * enough to ask of every bean type at startup, so a container can find the beans to pass to
     * {@link #definitionsOf(Object, UnaryOperator)} without knowing the annotations.
     */
    public static boolean declaresProcessors(Class<?> type) {
        Objects.requireNonNull(type, "type");
        for (Class<?> current = userClass(type); current != null && current != Object.class;
                current = current.getSuperclass()) {
            for (Method method : current.getDeclaredMethods()) {
                if (method.isAnnotationPresent(KeyedProcessor.class) || method.isAnnotationPresent(OnTimer.class)
                        || OPERATOR_ANNOTATIONS.stream().anyMatch(method::isAnnotationPresent)) {
                    return true;
                }
            }
        }
        return false;
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
        return definitions(bean, placeholderResolver, null);
    }

    /**
     * As {@link #definitionsOf(Object, UnaryOperator)}, with {@link Enrich} methods taking their HTTP client and
     * resilience4j instances from {@code enrichmentResources}; the Spring starter passes resources built on the
     * application's resilience4j registries, so {@code resilience4j.*} properties configure the named instances.
     */
    public static List<ProcessorDefinition<String, ?, Object>> definitionsOf(Object bean,
            UnaryOperator<String> placeholderResolver, EnrichmentResources enrichmentResources) {
        return definitions(bean, placeholderResolver, Objects.requireNonNull(enrichmentResources, "enrichmentResources"));
    }

    /** {@code enrichmentResources} is {@code null} for the shared default, taken only when an enrichment needs it. */
    private static List<ProcessorDefinition<String, ?, Object>> definitions(Object bean,
            UnaryOperator<String> placeholderResolver, @Nullable EnrichmentResources enrichmentResources) {
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(placeholderResolver, "placeholderResolver");
        Class<?> userClass = userClass(bean.getClass());
        List<Method> processorMethods = new ArrayList<>();
        List<Method> timerMethods = new ArrayList<>();
        List<Method> operatorMethods = new ArrayList<>();
        collectAnnotatedMethods(userClass, processorMethods, timerMethods, operatorMethods);
        if (processorMethods.isEmpty() && timerMethods.isEmpty() && operatorMethods.isEmpty()) {
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

        Map<String, Method> operatorByName = new LinkedHashMap<>();
        for (Method method : operatorMethods) {
            String annotationName = "@" + operatorAnnotation(method).getSimpleName();
            String rawName = operatorName(method);
            String name = resolve(placeholderResolver, rawName, "name", annotationName, rawName, userClass, method);
            Method previous = processorByName.containsKey(name) ? processorByName.get(name)
                    : operatorByName.putIfAbsent(name, method);
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
        processorByName.forEach((name, method) -> definitions.put(name, new KeyedProcessorMethod(bean, userClass, method, name,
                timerByProcessor.get(name), placeholderResolver).build()));
        operatorByName.forEach((name, method) -> definitions.put(name,
                asObjectOutput(operatorDefinition(bean, userClass, method, name, placeholderResolver,
                        enrichmentResources))));
        return List.copyOf(definitions.values());
    }

    /** The high-level operator annotation on {@code method}, one of {@link #OPERATOR_ANNOTATIONS}. */
    private static Class<? extends Annotation> operatorAnnotation(Method method) {
        for (Class<? extends Annotation> type : OPERATOR_ANNOTATIONS) {
            if (method.isAnnotationPresent(type)) {
                return type;
            }
        }
        throw new IllegalArgumentException(method + " has no operator annotation");
    }

    private static String operatorName(Method method) {
        WindowedAggregation window = method.getAnnotation(WindowedAggregation.class);
        if (window != null) {
            return window.name();
        }
        Enrich enrich = method.getAnnotation(Enrich.class);
        return enrich != null ? enrich.name() : method.getAnnotation(Deduplicate.class).name();
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> operatorDefinition(Object bean, Class<?> userClass,
            Method method, String name, UnaryOperator<String> resolver,
            @Nullable EnrichmentResources enrichmentResources) {
        if (method.isAnnotationPresent(WindowedAggregation.class)) {
            return new WindowedAggregationMethod(bean, userClass, method, name, resolver).build();
        }
        if (method.isAnnotationPresent(Enrich.class)) {
            return new EnrichMethod(bean, userClass, method, name, resolver,
                    enrichmentResources != null ? enrichmentResources : EnrichmentResources.shared()).build();
        }
        return new DeduplicateMethod(bean, userClass, method, name, resolver).build();
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
            List<Method> operators) {
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
                List<String> operatorAnnotations = OPERATOR_ANNOTATIONS.stream()
                        .filter(method::isAnnotationPresent)
                        .map(annotation -> "@" + annotation.getSimpleName())
                        .toList();
                if (!processor && !timer && operatorAnnotations.isEmpty()) {
                    continue;
                }
                if (!taken.add(overrideKey(method))) {
                    continue;
                }
                if (processor && timer) {
                    throw new IllegalStateException(describe(type, method)
                            + " has both @KeyedProcessor and @OnTimer; put them on separate methods");
                }
                if (!operatorAnnotations.isEmpty() && (processor || timer || operatorAnnotations.size() > 1)) {
                    List<String> all = new ArrayList<>(operatorAnnotations);
                    if (processor) {
                        all.add("@KeyedProcessor");
                    }
                    if (timer) {
                        all.add("@OnTimer");
                    }
                    throw new IllegalStateException(describe(type, method) + " has " + String.join(" and ", all)
                            + "; put them on separate methods");
                }
                (!operatorAnnotations.isEmpty() ? operators : processor ? processors : timers).add(method);
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
    static boolean hasStringKey(Type parameter) {
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
}
