package io.tributary.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.tributary.internals.json.JsonFieldPath;
import io.tributary.internals.topics.TopicNames;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What every high-level operator over JSON records is told the same way: its sources, output, key fields, event
 * time, watermarks, dead-letter topic and repartitioning. {@code WindowedAggregation}, {@code Deduplication} and
 * {@code Enrichment} builders extend it with their own settings; setters validate their argument, so a bad one
 * fails at startup with a message naming it. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class JsonOperatorBuilder<B extends JsonOperatorBuilder<B>> {

    private final String name;
    private final List<String> sources = new ArrayList<>();
    private @Nullable String outputTopic;
    private final List<String> keyPaths = new ArrayList<>();
    private @Nullable EventTimeExtractor<JsonNode> eventTime;
    private WatermarkStrategy watermarks = WatermarkStrategy.boundedOutOfOrderness(Duration.ZERO);
    private @Nullable String deadLetterTopic;
    private boolean repartition;

    protected JsonOperatorBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The topics to read (co-partitioned when several). */
    public B source(String... topics) {
        for (String topic : topics) {
            sources.add(TopicNames.require(topic, "source"));
        }
        return self();
    }

    /** The topic results go to. */
    public B output(String topic) {
        this.outputTopic = TopicNames.require(topic, "output");
        return self();
    }

    /** The key: the values of these JSON fields (dotted paths), as {@link KeySelectors#fields} reads them. */
    public B keyBy(String... fieldPaths) {
        Objects.requireNonNull(fieldPaths, "fieldPaths");
        keyPaths.clear();
        for (String path : fieldPaths) {
            JsonFieldPath.of(path);
            keyPaths.add(path);
        }
        return self();
    }

    /**
     * Event time from a JSON field holding an ISO-8601 instant or epoch milliseconds (see
     * {@link EventTimeExtractors#field}). Without any {@code eventTime}, the Kafka record timestamp is used.
     */
    public B eventTime(String fieldPath) {
        this.eventTime = EventTimeExtractors.field(fieldPath);
        return self();
    }

    /** Event time read by {@code extractor}. */
    public B eventTime(EventTimeExtractor<JsonNode> extractor) {
        this.eventTime = Objects.requireNonNull(extractor, "extractor");
        return self();
    }

    /** How far behind the highest event time seen a record may be and still be on time; default 0. */
    public B maxOutOfOrderness(Duration bound) {
        Objects.requireNonNull(bound, "bound");
        this.watermarks = new WatermarkStrategy(bound, watermarks.idleTimeout(), watermarks.idleAdvance());
        return self();
    }

    /** The whole watermark strategy, replacing what {@link #maxOutOfOrderness} set. */
    public B watermarks(WatermarkStrategy strategy) {
        this.watermarks = Objects.requireNonNull(strategy, "strategy");
        return self();
    }

    /** Where unreadable or rejected records go; default {@code <first source>-dlt}. */
    public B deadLetterTopic(String topic) {
        this.deadLetterTopic = TopicNames.require(topic, "dead-letter");
        return self();
    }

    /**
     * Routes records through an internal topic keyed by the operator's key first, for sources not already
     * partitioned by it; without it every record of a key must arrive in the same partition.
     */
    public B repartition() {
        this.repartition = true;
        return self();
    }

    /** The operator's (and its processor's) name. */
    protected final String name() {
        return name;
    }

    /** The key fields set by {@link #keyBy}, empty when none. */
    protected final List<String> keyPaths() {
        return keyPaths;
    }

    /** Whether an event-time extractor was set. */
    protected final boolean hasEventTime() {
        return eventTime != null;
    }

    protected final WatermarkStrategy watermarkStrategy() {
        return watermarks;
    }

    /**
     * The definition's common part: name, sources, output, key, watermarks, event time when set, dead-letter topic
     * when set, repartitioning; the caller adds the function and what is its own.
     *
     * @param what the operator as error messages name it, e.g. {@code deduplication 'dedup'}
     * @throws IllegalStateException if sources or output are missing
     */
    protected final ProcessorDefinition.Builder<String, JsonNode, JsonNode> definition(String what,
            KeySelector<JsonNode, String> key) {
        String output = requireSourcesAndOutput(what);
        ProcessorDefinition.Builder<String, JsonNode, JsonNode> definition = ProcessorDefinition.json(name)
                .source(sources.toArray(String[]::new))
                .output(output)
                .key(key)
                .watermarks(watermarks);
        if (eventTime != null) {
            definition.eventTime(eventTime);
        }
        if (deadLetterTopic != null) {
            definition.deadLetterTopic(deadLetterTopic);
        }
        if (repartition) {
            definition.repartition();
        }
        return definition;
    }

    /**
     * Checks that sources and output are set and returns the output topic.
     *
     * @throws IllegalStateException naming {@code what} and the call that fixes it
     */
    protected final String requireSourcesAndOutput(String what) {
        if (sources.isEmpty()) {
            throw new IllegalStateException(what + " has no source topic; call source(\"topic\")");
        }
        if (outputTopic == null) {
            throw new IllegalStateException(what + " has no output topic; call output(\"topic\")");
        }
        return outputTopic;
    }

    /** The dead-letter topic: the one set, else {@code <first source>-dlt} as {@link ProcessorDefinition} names it. */
    protected final String deadLetterTopicOrDefault() {
        return deadLetterTopic != null ? deadLetterTopic : sources.isEmpty() ? "" : sources.get(0) + "-dlt";
    }
}
