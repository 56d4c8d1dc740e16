package io.tributary.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.api.ProcessorDefinition;
import io.tributary.window.AggregateFunction;
import io.tributary.window.Aggregation;
import io.tributary.window.Aggregations;
import io.tributary.window.SessionWindows;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowAssigner;
import tools.jackson.databind.JsonNode;

/**
 * Builds the definition of one {@link WindowedAggregation} method by translating its attributes into a
 * {@link io.tributary.window.WindowedAggregation.Builder}. Kept apart from {@link AnnotatedProcessors} so that class
 * stays about finding methods; holds the context that every error message names.
 */
final class WindowedAggregationMethod extends AnnotatedMethod {

    private static final String FUNCTIONS = "count, sum(field), min(field), max(field), avg(field)";

    /** {@code name} or {@code name(field)}; field paths hold no parentheses or commas. */
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z]+)\\s*(?:\\(\\s*([^()]*?)\\s*\\))?");

    private final WindowedAggregation annotation;

    WindowedAggregationMethod(Object bean, Class<?> userClass, Method method, String name,
            UnaryOperator<String> resolver) {
        super(bean, userClass, method, name, "@WindowedAggregation", resolver);
        this.annotation = method.getAnnotation(WindowedAggregation.class);
    }

    ProcessorDefinition<String, JsonNode, JsonNode> build() {
        io.tributary.window.WindowedAggregation.Builder builder;
        try {
            builder = io.tributary.window.WindowedAggregation.builder(name);
        }
        catch (IllegalArgumentException ex) {
            throw fail(ex.getMessage(), ex);
        }
        List<String> aggregations = aggregationEntries();
        checkSignature(!aggregations.isEmpty());
        WindowAssigner assigner = windows();
        try {
            builder.source(sources().toArray(String[]::new))
                    .output(required(annotation.output(), "output", "set e.g. output = \"" + name + "-results\""))
                    .keyBy(keyPaths())
                    .window(assigner);
            String timestampField = resolve(annotation.timestampField(), "timestampField");
            if (!timestampField.isEmpty()) {
                if (annotation.processingTime()) {
                    throw fail("timestampField '" + timestampField + "' is set with processingTime = true; "
                            + "remove one of them");
                }
                builder.eventTime(timestampField);
            }
            if (annotation.processingTime()) {
                builder.processingTime();
            }
            builder.maxOutOfOrderness(nonNegative(annotation.maxOutOfOrderness(), "maxOutOfOrderness"));
            builder.allowedLateness(nonNegative(annotation.allowedLateness(), "allowedLateness"));
            Duration idleAdvance = optionalPositive(annotation.idleAdvance(), "idleAdvance");
            if (idleAdvance != null) {
                builder.idleAdvance(idleAdvance);
            }
            Duration earlyFirings = optionalPositive(annotation.earlyFirings(), "earlyFirings");
            if (earlyFirings != null) {
                builder.earlyFirings(earlyFirings);
            }
            String lateTopic = resolve(annotation.lateTopic(), "lateTopic");
            if (!lateTopic.isEmpty()) {
                builder.lateRecords(lateTopic);
            }
            deadLettersAndRepartition(builder, annotation.deadLetterTopic(), annotation.repartition());
            if (aggregations.isEmpty()) {
                aggregateWithFunction(builder);
            }
            else {
                builder.aggregate(builtIns(aggregations));
            }
            return builder.build();
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw withContext(ex);
        }
    }

    private void checkSignature(boolean builtIn) {
        if (method.getParameterCount() != 0) {
            throw fail("the method must take no parameters; declare it as " + (builtIn
                    ? "'void " + method.getName() + "()'"
                    : "'AggregateFunction<JsonNode, ACC, OUT> " + method.getName() + "()'"));
        }
        Class<?> returnType = method.getReturnType();
        if (builtIn) {
            if (returnType != void.class) {
                throw fail("aggregations " + Arrays.toString(annotation.aggregations()) + " are set and the method returns "
                        + returnType.getSimpleName() + "; use one of them: remove aggregations to use the returned "
                        + "function, or declare the method 'void " + method.getName() + "()'");
            }
            if (annotation.accumulator() != Void.class) {
                throw fail("accumulator " + annotation.accumulator().getSimpleName() + " is set with aggregations "
                        + Arrays.toString(annotation.aggregations()) + ", which store their own; remove accumulator");
            }
            return;
        }
        if (returnType == void.class) {
            throw fail("no aggregation: set aggregations, e.g. aggregations = {\"max(price)\", \"count\"}, or make the "
                    + "method return an AggregateFunction<JsonNode, ACC, OUT> and set accumulator = ACC.class");
        }
        if (!AggregateFunction.class.isAssignableFrom(returnType)) {
            throw fail("the method returns " + returnType.getSimpleName() + "; with aggregations empty it must return "
                    + "an AggregateFunction<JsonNode, ACC, OUT>");
        }
        Type generic = method.getGenericReturnType();
        if (generic instanceof ParameterizedType parameterized && parameterized.getRawType() == AggregateFunction.class
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> input
                && !input.isAssignableFrom(JsonNode.class)) {
            throw fail("the returned function aggregates " + input.getSimpleName()
                    + " but records arrive as JsonNode; return an AggregateFunction<JsonNode, ACC, OUT>");
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void aggregateWithFunction(io.tributary.window.WindowedAggregation.Builder builder) {
        Object function;
        try {
            method.trySetAccessible();
            function = method.invoke(bean);
        }
        catch (InvocationTargetException ex) {
            throw fail("the method threw " + ex.getCause() + " when asked for its aggregate function", ex.getCause());
        }
        catch (IllegalAccessException | RuntimeException ex) {
            throw fail("cannot call the method: " + ex.getMessage() + "; make the method and its class public, or open "
                    + "the package to io.tributary", ex);
        }
        if (!(function instanceof AggregateFunction<?, ?, ?> aggregateFunction)) {
            throw fail("the method returned null; return the AggregateFunction to use");
        }
        Class<?> accumulator = annotation.accumulator();
        if (accumulator != Void.class) {
            if (accumulator.isPrimitive()) {
                throw fail("accumulator " + accumulator + " is primitive; use its wrapper or a record");
            }
            builder.aggregate((AggregateFunction) aggregateFunction, (Class) accumulator);
        }
        else if (aggregateFunction instanceof Aggregation<?> aggregation) {
            builder.aggregate(aggregation);
        }
        else {
            throw fail("the returned " + aggregateFunction.getClass().getSimpleName() + " needs a stored accumulator "
                    + "type; set accumulator = <its accumulator class>.class");
        }
    }

    private List<String> aggregationEntries() {
        List<String> entries = new ArrayList<>();
        for (String raw : annotation.aggregations()) {
            for (String entry : resolve(raw, "aggregations").split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    private Aggregation<?> builtIns(List<String> entries) {
        List<Aggregation<?>> parts = new ArrayList<>();
        for (String entry : entries) {
            parts.add(builtIn(entry));
        }
        try {
            return parts.size() == 1 ? parts.get(0) : Aggregations.of(parts.toArray(Aggregation<?>[]::new));
        }
        catch (IllegalArgumentException ex) {
            throw fail("aggregations " + entries + ": " + ex.getMessage(), ex);
        }
    }

    private Aggregation<?> builtIn(String entry) {
        Matcher matcher = ENTRY.matcher(entry);
        if (!matcher.matches()) {
            throw fail("aggregations entry '" + entry + "' is not a function call; write one of " + FUNCTIONS);
        }
        String function = matcher.group(1).toLowerCase(Locale.ROOT);
        String field = matcher.group(2);
        boolean hasField = field != null && !field.isEmpty();
        try {
            return switch (function) {
                case "count" -> {
                    if (hasField) {
                        throw fail("aggregations entry '" + entry + "': count takes no field, it counts records; "
                                + "write 'count'");
                    }
                    yield Aggregations.count();
                }
                case "sum", "min", "max", "avg" -> {
                    if (!hasField) {
                        throw fail("aggregations entry '" + entry + "': " + function + " needs a field; write e.g. '"
                                + function + "(price)'");
                    }
                    yield switch (function) {
                        case "sum" -> Aggregations.sum(field);
                        case "min" -> Aggregations.min(field);
                        case "max" -> Aggregations.max(field);
                        default -> Aggregations.avg(field);
                    };
                }
                default -> throw fail("aggregations entry '" + entry + "' uses unknown function '" + matcher.group(1)
                        + "'; use one of " + FUNCTIONS);
            };
        }
        catch (IllegalArgumentException ex) {
            throw fail("aggregations entry '" + entry + "' is invalid: " + ex.getMessage(), ex);
        }
    }

    private WindowAssigner windows() {
        WindowType type = annotation.window();
        Duration size = optionalPositive(annotation.size(), "size");
        Duration slide = optionalPositive(annotation.slide(), "slide");
        Duration gap = optionalPositive(annotation.gap(), "gap");
        Duration offset = duration(annotation.offset(), "offset");
        String example = switch (type) {
            case TUMBLING -> "size = \"10m\"";
            case SLIDING -> "size = \"10m\", slide = \"1m\"";
            case SESSION -> "gap = \"5m\"";
        };
        if (type != WindowType.SESSION && size == null) {
            throw fail(type + " windows need a size; set e.g. " + example);
        }
        if (type == WindowType.SLIDING && slide == null) {
            throw fail("SLIDING windows need a slide, how often a window starts; set e.g. " + example);
        }
        if (type != WindowType.SLIDING && slide != null) {
            throw fail("slide '" + annotation.slide() + "' applies to SLIDING windows only, not " + type
                    + "; remove it or set window = WindowType.SLIDING");
        }
        if (type == WindowType.SESSION && gap == null) {
            throw fail("SESSION windows need a gap, the quiet time that closes a session; set e.g. " + example);
        }
        if (type != WindowType.SESSION && gap != null) {
            throw fail("gap '" + annotation.gap() + "' applies to SESSION windows only, not " + type
                    + "; remove it or set window = WindowType.SESSION");
        }
        if (type == WindowType.SESSION && size != null) {
            throw fail("size '" + annotation.size() + "' does not apply to SESSION windows, whose length follows the "
                    + "records; remove it and set the gap");
        }
        if (type == WindowType.SESSION && offset != null && !offset.isZero()) {
            throw fail("offset '" + annotation.offset() + "' does not apply to SESSION windows; remove it");
        }
        try {
            return switch (type) {
                case TUMBLING -> TumblingWindows.of(size).withOffset(offset == null ? Duration.ZERO : offset);
                case SLIDING -> SlidingWindows.of(size, slide).withOffset(offset == null ? Duration.ZERO : offset);
                case SESSION -> SessionWindows.withGap(gap);
            };
        }
        catch (IllegalArgumentException ex) {
            throw fail(type + " windows: " + ex.getMessage(), ex);
        }
    }

    private List<String> sources() {
        return sources(annotation.sources(), "trades");
    }

    private String[] keyPaths() {
        return fieldPaths(annotation.keyField(), "keyField", "set e.g. keyField = \"symbol\"");
    }
}
