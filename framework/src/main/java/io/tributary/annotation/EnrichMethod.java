package io.tributary.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.tributary.api.ProcessorDefinition;
import io.tributary.enrich.Enrichment;
import io.tributary.enrich.EnrichmentResources;
import io.tributary.internals.annotation.AsyncResults;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Builds the definition of one {@link Enrich} method by translating its attributes into an
 * {@link Enrichment.Builder}: a GET of {@link Enrich#url()}, or a {@link MethodLookup} calling the method.
 */
final class EnrichMethod extends AnnotatedMethod {

    private static final String SIGNATURES = "'void %1$s()' with url set, or, to make the call yourself, "
            + "'CompletableFuture<T> %1$s(JsonNode value)' or 'CompletableFuture<T> %1$s(String key, JsonNode value)' "
            + "(or Mono<T> with Reactor)";

    private final Enrich annotation;
    private final EnrichmentResources resources;

    EnrichMethod(Object bean, Class<?> userClass, Method method, String name, UnaryOperator<String> resolver,
            EnrichmentResources resources) {
        super(bean, userClass, method, name, "@Enrich", resolver);
        this.annotation = method.getAnnotation(Enrich.class);
        this.resources = resources;
    }

    ProcessorDefinition<String, JsonNode, JsonNode> build() {
        try {
            Enrichment.Builder builder = Enrichment.builder(name)
                    .source(sources(annotation.sources(), "events").toArray(String[]::new))
                    .output(required(annotation.output(), "output", "set e.g. output = \"" + name + "-enriched\""))
                    .maxOutOfOrderness(nonNegative(annotation.maxOutOfOrderness(), "maxOutOfOrderness"))
                    .order(annotation.order())
                    .capacity(positiveInt(annotation.capacity(), "capacity", "100"))
                    .requestTimeout(requiredPositive(annotation.requestTimeout(), "requestTimeout", "2s"))
                    .resources(resources);
            lookup(builder);
            String keyFields = resolve(annotation.keyFields(), "keyFields");
            if (!keyFields.isEmpty()) {
                builder.keyBy(fieldPaths(annotation.keyFields(), "keyFields", "set e.g. keyFields = \"symbol\""));
            }
            String timestampField = resolve(annotation.timestampField(), "timestampField");
            if (!timestampField.isEmpty()) {
                builder.eventTime(timestampField);
            }
            builder.take(entries(annotation.take(), "take")).rename(entries(annotation.rename(), "rename"));
            String into = resolve(annotation.into(), "into");
            if (!into.isEmpty()) {
                builder.into(into);
            }
            resilience(builder);
            Duration cacheTtl = optionalPositive(annotation.cacheTtl(), "cacheTtl");
            if (cacheTtl != null) {
                builder.cache(positiveInt(annotation.cacheSize(), "cacheSize", "10000"), cacheTtl);
            }
            if (annotation.coalesce()) {
                builder.coalesce();
            }
            failures(builder);
            deadLettersAndRepartition(builder, annotation.deadLetterTopic(), annotation.repartition());
            return builder.build();
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw withContext(ex);
        }
    }

    /** The declarative GET when {@code url} is set, else the method itself as the lookup. */
    private void lookup(Enrichment.Builder builder) {
        String url = resolve(annotation.url(), "url");
        boolean declarative = method.getReturnType() == void.class;
        if (Modifier.isStatic(method.getModifiers())) {
            throw fail("the method must be an instance method: " + SIGNATURES.formatted(method.getName()));
        }
        if (declarative) {
            if (url.isEmpty()) {
                throw fail("url is empty and the method returns void; set e.g. url = "
                        + "\"${company-api.base-url}/companies/{symbol}\", or declare the method as "
                        + SIGNATURES.formatted(method.getName()));
            }
            if (method.getParameterCount() != 0) {
                throw fail("the method must take no parameters when url is set; declare it 'void "
                        + method.getName() + "()', its body is never called");
            }
            int placeholder = url.indexOf("${");
            if (placeholder >= 0) {
                throw fail("url '" + url + "' has the unresolved placeholder "
                        + url.substring(placeholder, url.indexOf('}', placeholder) + 1)
                        + "; define that property (e.g. in application.yaml) or give it a default, ${name:default}");
            }
            builder.get(url);
            return;
        }
        if (!AsyncResults.isAsync(method.getReturnType())) {
            throw fail("the method returns " + method.getGenericReturnType().getTypeName() + "; declare it as "
                    + SIGNATURES.formatted(method.getName()));
        }
        if (!url.isEmpty()) {
            throw fail("url '" + url + "' is set and the method returns " + method.getReturnType().getSimpleName()
                    + "; keep one: remove url to call the method, or declare it 'void " + method.getName() + "()'");
        }
        Class<?>[] parameters = method.getParameterTypes();
        boolean valueOnly = parameters.length == 1 && parameters[0] == JsonNode.class;
        boolean keyAndValue = parameters.length == 2 && parameters[0] == String.class && parameters[1] == JsonNode.class;
        if (!valueOnly && !keyAndValue) {
            throw fail("the method takes the wrong parameters; declare it as " + SIGNATURES.formatted(method.getName()));
        }
        builder.lookup(new MethodLookup(bean, method, keyAndValue, AnnotatedProcessors.describe(userClass, method)));
    }

    private void resilience(Enrichment.Builder builder) {
        String circuitBreaker = resolve(annotation.circuitBreaker(), "circuitBreaker");
        if (!circuitBreaker.isEmpty()) {
            builder.circuitBreaker(circuitBreaker);
        }
        String retry = resolve(annotation.retry(), "retry");
        if (!retry.isEmpty()) {
            builder.retry(retry);
        }
        String rateLimiter = resolve(annotation.rateLimiter(), "rateLimiter");
        if (!rateLimiter.isEmpty()) {
            builder.rateLimiter(rateLimiter);
        }
        String bulkhead = resolve(annotation.bulkhead(), "bulkhead");
        if (!bulkhead.isEmpty()) {
            builder.bulkhead(bulkhead);
        }
        String timeLimiter = resolve(annotation.timeLimiter(), "timeLimiter");
        if (!timeLimiter.isEmpty()) {
            builder.timeLimiter(timeLimiter);
        }
    }

    private void failures(Enrichment.Builder builder) {
        String failuresTopic = resolve(annotation.failuresTopic(), "failuresTopic");
        Duration retryLater = optionalPositive(annotation.retryLater(), "retryLater");
        if (retryLater != null) {
            if (!failuresTopic.isEmpty()) {
                throw fail("failuresTopic '" + failuresTopic + "' is set with retryLater; failed records either go "
                        + "to a topic or are retried later: remove one of them");
            }
            builder.retryLater(retryLater);
        }
        else if (!failuresTopic.isEmpty()) {
            builder.failuresTo(failuresTopic);
        }
    }

    /** The entries of an array attribute, each resolved and split at commas; blanks dropped. */
    private String[] entries(String[] raw, String attribute) {
        List<String> entries = new ArrayList<>();
        for (String entry : raw) {
            for (String part : resolve(entry, attribute).split(",")) {
                if (!part.isBlank()) {
                    entries.add(part.strip());
                }
            }
        }
        return entries.toArray(String[]::new);
    }

    private int positiveInt(String raw, String attribute, String example) {
        String text = required(raw, attribute, "set e.g. " + attribute + " = \"" + example + "\"");
        int value;
        try {
            value = Integer.parseInt(text);
        }
        catch (NumberFormatException ex) {
            throw fail(attribute + " '" + text + "' is not a whole number; set e.g. " + attribute + " = \""
                    + example + "\"", ex);
        }
        if (value < 1) {
            throw fail(attribute + " must be at least 1, got " + value + "; set e.g. " + attribute + " = \""
                    + example + "\"");
        }
        return value;
    }

    private Duration requiredPositive(String raw, String attribute, String example) {
        @Nullable Duration duration = optionalPositive(raw, attribute);
        if (duration == null) {
            throw fail(attribute + " is empty; set e.g. " + attribute + " = \"" + example + "\"");
        }
        return duration;
    }
}
