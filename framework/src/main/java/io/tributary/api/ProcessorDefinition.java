package io.tributary.api;

import io.tributary.internals.topics.TopicNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.tributary.serde.Serde;
import io.tributary.serde.Serdes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Everything the runtime needs to run one keyed processor: where records come from, how to read their key
 * and event time, the function, and where outputs go. Immutable; built with {@link #builder}.
 *
 * <p>Each processor runs as its own consumer group ({@code <application-id>-<name>}), with one task per
 * input partition number. Source topics must be co-partitioned (same partition count, keyed alike); when
 * the grouping key is not how the sources are partitioned, {@link Builder#repartition()} routes records
 * through an internal topic keyed by the grouping key.
 *
 * @param <K> the key type
 * @param <V> the input value type
 * @param <O> the main output's value type
 */
public final class ProcessorDefinition<K, V, O> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private final List<String> sources;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Serde<O> outputSerde;
    private final KeySelector<V, K> keySelector;
    private final @Nullable EventTimeExtractor<V> eventTimeExtractor;
    private final WatermarkStrategy watermarkStrategy;
    private final @Nullable String outputTopic;
    private final Map<String, String> sideOutputTopics;
    private final String deadLetterTopic;
    private final boolean repartition;
    private final boolean smallFetches;
    private final Supplier<? extends KeyedProcessFunction<K, V, O>> functionFactory;

    private ProcessorDefinition(Builder<K, V, O> builder) {
        this.name = builder.name;
        this.sources = List.copyOf(builder.sources);
        this.keySerde = builder.keySerde;
        this.valueSerde = builder.valueSerde;
        this.outputSerde = builder.outputSerde;
        this.keySelector = Objects.requireNonNull(builder.keySelector,
                () -> "processor '" + name + "' has no key selector; call key(...)");
        this.eventTimeExtractor = builder.eventTimeExtractor;
        this.watermarkStrategy = builder.watermarkStrategy;
        this.outputTopic = builder.outputTopic;
        this.sideOutputTopics = Map.copyOf(builder.sideOutputTopics);
        this.deadLetterTopic = builder.deadLetterTopic != null ? builder.deadLetterTopic : sources.get(0) + "-dlt";
        this.repartition = builder.repartition;
        this.smallFetches = builder.smallFetches;
        this.functionFactory = Objects.requireNonNull(builder.functionFactory,
                () -> "processor '" + name + "' has no function; call function(...)");
    }

    /** Starts a definition with explicit serdes for keys, input values and output values. */
    public static <K, V, O> Builder<K, V, O> builder(String name, Serde<K> keySerde, Serde<V> valueSerde,
            Serde<O> outputSerde) {
        return new Builder<>(name, keySerde, valueSerde, outputSerde);
    }

    /** Starts a definition of JSON records keyed by a string (the record key unless {@code key} says otherwise). */
    public static Builder<String, JsonNode, JsonNode> json(String name) {
        return new Builder<>(name, Serdes.string(), Serdes.jsonNode(), Serdes.jsonNode())
                .key(KeySelectors.recordKey());
    }

    public String name() {
        return name;
    }

    public List<String> sources() {
        return sources;
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    public Serde<O> outputSerde() {
        return outputSerde;
    }

    public KeySelector<V, K> keySelector() {
        return keySelector;
    }

    /** The event-time extractor; {@code null} means the Kafka record timestamp. */
    public @Nullable EventTimeExtractor<V> eventTimeExtractor() {
        return eventTimeExtractor;
    }

    public WatermarkStrategy watermarkStrategy() {
        return watermarkStrategy;
    }

    /** The main output topic; {@code null} when the processor only uses side outputs. */
    public @Nullable String outputTopic() {
        return outputTopic;
    }

    /** Side output name to topic. */
    public Map<String, String> sideOutputTopics() {
        return sideOutputTopics;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    public boolean repartition() {
        return repartition;
    }

    /** Whether its consumer keeps fetch responses under half a G1 region; see {@link Builder#smallFetches()}. */
    public boolean smallFetches() {
        return smallFetches;
    }

    /** Creates the function instance for one task. */
    public KeyedProcessFunction<K, V, O> newFunction() {
        return Objects.requireNonNull(functionFactory.get(), "function factory returned null");
    }

    @Override
    public String toString() {
        return "ProcessorDefinition[" + name + ", sources=" + sources + ", output=" + outputTopic + "]";
    }

    /**
     * Builds a {@link ProcessorDefinition}; validation happens in {@link #build()}.
     *
     * @param <K> the key type
     * @param <V> the input value type
     * @param <O> the output value type
     */
    public static final class Builder<K, V, O> {

        private final String name;
        private final List<String> sources = new ArrayList<>();
        private final Serde<K> keySerde;
        private final Serde<V> valueSerde;
        private final Serde<O> outputSerde;
        private @Nullable KeySelector<V, K> keySelector;
        private @Nullable EventTimeExtractor<V> eventTimeExtractor;
        private WatermarkStrategy watermarkStrategy = WatermarkStrategy.boundedOutOfOrderness(java.time.Duration.ZERO);
        private @Nullable String outputTopic;
        private final Map<String, String> sideOutputTopics = new LinkedHashMap<>();
        private @Nullable String deadLetterTopic;
        private boolean repartition;
        private boolean smallFetches;
        private @Nullable Supplier<? extends KeyedProcessFunction<K, V, O>> functionFactory;

        private Builder(String name, Serde<K> keySerde, Serde<V> valueSerde, Serde<O> outputSerde) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "processor name must be 1-100 characters of [A-Za-z0-9._-], got '" + name + "'");
            }
            this.name = name;
            this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
            this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
            this.outputSerde = Objects.requireNonNull(outputSerde, "outputSerde");
        }

        /** Adds source topics; all sources must have the same partition count. */
        public Builder<K, V, O> source(String... topics) {
            for (String topic : topics) {
                TopicNames.require(topic, "source");
                sources.add(topic);
            }
            return this;
        }

        public Builder<K, V, O> key(KeySelector<V, K> selector) {
            this.keySelector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        public Builder<K, V, O> eventTime(EventTimeExtractor<V> extractor) {
            this.eventTimeExtractor = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        public Builder<K, V, O> watermarks(WatermarkStrategy strategy) {
            this.watermarkStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        public Builder<K, V, O> output(String topic) {
            TopicNames.require(topic, "output");
            this.outputTopic = topic;
            return this;
        }

        /** Maps the side output {@code tag} to {@code topic}. */
        public Builder<K, V, O> sideOutput(OutputTag<?> tag, String topic) {
            TopicNames.require(topic, "side output '" + tag.name() + "'");
            sideOutputTopics.put(tag.name(), topic);
            return this;
        }

        /** Where unreadable records go; default {@code <first source>-dlt}. */
        public Builder<K, V, O> deadLetterTopic(String topic) {
            TopicNames.require(topic, "dead-letter");
            this.deadLetterTopic = topic;
            return this;
        }

        /** Routes records through an internal topic keyed by the selected key, so state is co-partitioned. */
        public Builder<K, V, O> repartition() {
            this.repartition = true;
            return this;
        }

        /**
         * Sets both of its group consumer's fetch limits, {@code fetch.max.bytes} and {@code
         * max.partition.fetch.bytes}, to Kafka's default or half a G1 region less 64 KiB, whichever is lower (448 KiB
         * with a heap under 2 GiB); each limit the application sets keeps its value. For a function holding much
         * state on the heap: the consumer reads each fetch response into one array, of several MiB while it is
         * behind at Kafka's defaults, and G1 allocates an array of half a region or more outside the young generation
         * it sizes, where such allocations may start marking cycles that resize the heap. Smaller responses cost
         * round trips, so this is not the default; deduplication sets it. A broker returns a topic's first record
         * batch whole past the limits, so responses stay under half a region only while the topic's batches do.
         * Without effect under other collectors. {@code src/test/BENCHMARKS.md} (stop 17) has the measurements.
         */
        public Builder<K, V, O> smallFetches() {
            this.smallFetches = true;
            return this;
        }

        /** The function, created once per task by {@code factory}. */
        public Builder<K, V, O> function(Supplier<? extends KeyedProcessFunction<K, V, O>> factory) {
            this.functionFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public ProcessorDefinition<K, V, O> build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("processor '" + name + "' has no source topic; call source(...)");
            }
            return new ProcessorDefinition<>(this);
        }

    }
}
