package io.tributary.e2e.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.e2e.benchmark.ChildMain.JobSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs on Kafka Streams, written as a Kafka Streams user would: a Jackson serde for the tick, a timestamp
 * extractor reading its {@code timestamp}, the DSL's windowed aggregation with grace = the 3 min bound and
 * {@link EmitStrategy#onWindowClose()} (one final result per window), and for dedup the usual processor over a
 * window store (Confluent's deduplication recipe); for enrichment a blocking call per record in {@code mapValues}
 * (Kafka Streams has no async I/O). State in RocksDB, the defaults otherwise, except the commit
 * interval (100 ms for both guarantees, as the other systems).
 *
 * <p>Kafka Streams' lateness rule (a window takes a record while {@code end > stream time - grace}) and its
 * emit-on-close rule ({@code end <= stream time - grace}) select the same windows and records as Flink's watermark
 * rules Tributary follows, so the final results must be equal. Emit-on-close checks for closed windows at most once
 * a second of wall-clock time (its default internal emit interval), which shows in its latency.
 */
final class KafkaStreamsJobs {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The tick as a Kafka Streams user would map it. */
    record Tick(String symbol, int price, String timestamp, @JsonProperty("company_info") CompanyInfo companyInfo) {
    }

    record CompanyInfo(String name, @JsonProperty("employees_count") long employeesCount) {
    }

    /** The running aggregate of a window. */
    record MaxCount(int max, long count) {

        static MaxCount empty() {
            return new MaxCount(Integer.MIN_VALUE, 0);
        }

        MaxCount add(Tick tick) {
            return new MaxCount(Math.max(max, tick.price()), count + 1);
        }
    }

    /** A window's final result, in the sample contract's shape (as Tributary writes it). */
    record WindowResult(String symbol, @JsonProperty("window_start") String windowStart,
            @JsonProperty("window_end") String windowEnd, @JsonProperty("max_price") int maxPrice, long count) {
    }

    /** A tick with its company, flattened as the sample contract's enrich pipeline writes it. */
    record EnrichedTick(String symbol, int price, String timestamp, @JsonProperty("company_name") String companyName,
            @JsonProperty("employees_count") long employeesCount, String sector, String rating) {
    }

    /** Event time from the tick's {@code timestamp} field. */
    public static final class TickTimestampExtractor implements TimestampExtractor {

        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            return Instant.parse(((Tick) record.value()).timestamp()).toEpochMilli();
        }
    }

    private KafkaStreamsJobs() {
    }

    static AutoCloseable start(JobSpec spec) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.app());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                spec.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, spec.threads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, spec.stateDir().toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ChildMain.commitInterval().toMillis());
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, TickTimestampExtractor.class);
        // settings to try beyond its defaults, e.g. Tributary's own client defaults (consumer.fetch.max.bytes=458752)
        props.putAll(NameValuePairs.fromProperty("bench.streamsProps"));
        KafkaStreams streams = new KafkaStreams(topology(spec).build(), props);
        streams.start();
        return () -> streams.close(Duration.ofSeconds(30));
    }

    static StreamsBuilder topology(JobSpec spec) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Tick> ticks = builder.stream(spec.input(), Consumed.with(Serdes.String(), json(Tick.class)));
        switch (spec.job()) {
            case DEDUP -> {
                builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(Deduplicate.STORE, Job.DEDUP_SCOPE.plus(Job.OUT_OF_ORDERNESS),
                                Job.DEDUP_SCOPE.plus(Job.OUT_OF_ORDERNESS), false),
                        Serdes.String(), Serdes.Long()));
                ticks.process(Deduplicate::new, Deduplicate.STORE)
                        .to(spec.output(), Produced.with(Serdes.String(), json(Tick.class)));
            }
            case TUMBLING -> maxPerWindow(ticks, TimeWindows.ofSizeAndGrace(Job.WINDOW, Job.OUT_OF_ORDERNESS), spec);
            case SLIDING -> maxPerWindow(ticks,
                    TimeWindows.ofSizeAndGrace(Job.WINDOW, Job.OUT_OF_ORDERNESS).advanceBy(Job.SLIDE), spec);
            case ENRICH -> {
                BlockingCompanyLookup lookup = new BlockingCompanyLookup(spec.lookupUrl());
                ticks.mapValues(tick -> {
                    var company = lookup.company(tick.symbol());
                    return new EnrichedTick(tick.symbol(), tick.price(), tick.timestamp(), tick.companyInfo().name(),
                            tick.companyInfo().employeesCount(), company.get("sector").asString(),
                            company.get("rating").asString());
                }).to(spec.output(), Produced.with(Serdes.String(), json(EnrichedTick.class)));
            }
            case PIPE -> throw new IllegalArgumentException("the pipe job runs on the plain clients only");
        }
        return builder;
    }

    private static void maxPerWindow(KStream<String, Tick> ticks, TimeWindows windows, JobSpec spec) {
        ticks.groupByKey()
                .windowedBy(windows)
                .emitStrategy(EmitStrategy.onWindowClose())
                .aggregate(MaxCount::empty, (symbol, tick, aggregate) -> aggregate.add(tick),
                        Materialized.with(Serdes.String(), json(MaxCount.class)))
                .toStream()
                .map((window, aggregate) -> KeyValue.pair(window.key(), new WindowResult(window.key(),
                        window.window().startTime().toString(), window.window().endTime().toString(), aggregate.max(),
                        aggregate.count())))
                .to(spec.output(), Produced.with(Serdes.String(), json(WindowResult.class)));
    }

    /** First occurrence of each (symbol, timestamp) passes; later ones within the store's retention are dropped. */
    static final class Deduplicate implements Processor<String, Tick, String, Tick> {

        static final String STORE = "seen-ticks";

        private ProcessorContext<String, Tick> context;
        private WindowStore<String, Long> seen;

        @Override
        public void init(ProcessorContext<String, Tick> context) {
            this.context = context;
            this.seen = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, Tick> record) {
            String id = record.value().symbol() + "|" + record.value().timestamp();
            long eventTime = record.timestamp();
            try (WindowStoreIterator<Long> earlier = seen.fetch(id, eventTime, eventTime)) {
                if (earlier.hasNext()) {
                    return;
                }
            }
            seen.put(id, eventTime, eventTime);
            context.forward(record);
        }
    }

    static <T> Serde<T> json(Class<T> type) {
        return Serdes.<T>serdeFrom((topic, value) -> JSON.writeValueAsBytes(value),
                (topic, bytes) -> bytes == null ? null : JSON.readValue(bytes, type));
    }
}
