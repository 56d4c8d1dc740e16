package io.tributary.e2e.benchmark;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.dedup.Deduplication;
import io.tributary.e2e.benchmark.ChildMain.JobSpec;
import io.tributary.enrich.Enrichment;
import io.tributary.enrich.EnrichmentOrder;
import io.tributary.enrich.EnrichmentResources;
import io.tributary.state.RocksDbSettings;
import io.tributary.window.Aggregations;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowAssigner;
import io.tributary.window.WindowedAggregation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs on Tributary, written as the stock-ticker sample writes them, each a one-processor application; and the
 * enrichment baseline, a blocking call per record in a plain function.
 */
final class TributaryJobs {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TributaryJobs() {
    }

    /** The processor's name; its consumer group is {@code <app>-<name>}. */
    static String processorName(Job job) {
        return job.id();
    }

    static AutoCloseable start(JobSpec spec) {
        TributaryConfig.Builder builder = TributaryConfig.builder(spec.app());
        Map<String, Object> kafkaProperties = new HashMap<>();
        if (ChildMain.TRIBUTARY_BLOCKING.equals(spec.system())) {
            // a poll's whole batch is processed before the commit interval is checked: at 20 ms a record, the
            // default 2,000 records would hold a commit back for 40 s, so a user making blocking calls polls less
            kafkaProperties.put("consumer.max.poll.records", 50);
        }
        // client settings to try on Tributary, as bench.streamsProps does on Kafka Streams
        kafkaProperties.putAll(NameValuePairs.fromProperty("bench.tributaryProps"));
        if (!kafkaProperties.isEmpty()) {
            builder.kafkaProperties(kafkaProperties);
        }
        String writeBufferRatio = System.getProperty("bench.rocksDbWriteBufferRatio");
        Map<String, String> rocksDbOptions = NameValuePairs.fromProperty("bench.rocksDbOptions");
        if (writeBufferRatio != null || !rocksDbOptions.isEmpty()) {
            // to compare memtable shares and RocksDB options (RSS against throughput) without rebuilding the framework
            RocksDbSettings defaults = RocksDbSettings.defaults();
            builder.rocksDb(new RocksDbSettings(defaults.memoryBudgetBytes(), writeBufferRatio == null
                    ? defaults.writeBufferRatio() : Double.parseDouble(writeBufferRatio), defaults.blockSizeBytes(),
                    rocksDbOptions));
        }
        TributaryConfig config = builder
                .instanceId("bench")
                .bootstrapServers(spec.bootstrap())
                .stateDir(spec.stateDir())
                .guarantee(spec.exactlyOnce() ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.AT_LEAST_ONCE)
                .commitInterval(ChildMain.commitInterval())
                .threadsPerProcessor(spec.threads())
                .build();
        Tributary tributary = Tributary.create(config, List.of(definition(spec))).start();
        return tributary;
    }

    static ProcessorDefinition<String, JsonNode, JsonNode> definition(JobSpec spec) {
        String name = processorName(spec.job());
        if (ChildMain.TRIBUTARY_BLOCKING.equals(spec.system())) {
            return blockingEnrichment(spec, name);
        }
        return switch (spec.job()) {
            case ENRICH -> enrichFrom(Enrichment.builder(name)
                    .source(spec.input())
                    .output(spec.output())
                    .keyBy("symbol")
                    .eventTime("timestamp"), spec)
                    .rename("company_name=company_info.name", "employees_count=company_info.employees_count")
                    .take("sector", "rating")
                    .capacity(Job.ENRICH_CAPACITY)
                    .order(EnrichmentOrder.ORDERED)
                    .build();
            case DEDUP -> Deduplication.builder(name)
                    .source(spec.input())
                    .output(spec.output())
                    .keyBy("symbol", "timestamp")
                    .eventTime("timestamp")
                    .maxOutOfOrderness(Job.OUT_OF_ORDERNESS)
                    .scope(Job.DEDUP_SCOPE)
                    .build();
            case TUMBLING -> windowed(spec, name, TumblingWindows.of(Job.WINDOW));
            case SLIDING -> windowed(spec, name, SlidingWindows.of(Job.WINDOW, Job.SLIDE));
            case PIPE -> throw new IllegalArgumentException("the pipe job runs on the plain clients only");
        };
    }

    /**
     * The lookup: the company API over HTTP (with {@value ChildMain#TRIBUTARY_COALESCE}, records of a symbol in flight
     * share a GET), or, for {@value ChildMain#TRIBUTARY_LOOKUP}, an {@code AsyncLookup} answering the same after
     * {@link Job#LOOKUP_DELAY} on a timer, with no network: the engine alone.
     */
    private static Enrichment.Builder enrichFrom(Enrichment.Builder builder, JobSpec spec) {
        if (ChildMain.TRIBUTARY_COALESCE.equals(spec.system())) {
            return builder.get(spec.lookupUrl() + "/companies/{symbol}").coalesce();
        }
        if (ChildMain.TRIBUTARY_JDK_HTTP.equals(spec.system())) {
            return builder.get(spec.lookupUrl() + "/companies/{symbol}")
                    .resources(EnrichmentResources.builder().httpClient(jdkHttpClient()).build());
        }
        if (!ChildMain.TRIBUTARY_LOOKUP.equals(spec.system())) {
            return builder.get(spec.lookupUrl() + "/companies/{symbol}");
        }
        TickStream.Symbols symbols = new TickStream.Symbols(Integer.getInteger("bench.symbols", 100), 1);
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "company-lookup-timer");
                    thread.setDaemon(true);
                    return thread;
                });
        return builder.lookup((tick, key) -> {
            String symbol = tick.get("symbol").asString();
            int index = symbols.index(symbol);
            ObjectNode company = JSON.createObjectNode().put("symbol", symbol)
                    .put("sector", CompanyApiStub.sector(index)).put("rating", CompanyApiStub.rating(index));
            java.util.concurrent.CompletableFuture<JsonNode> answer = new java.util.concurrent.CompletableFuture<>();
            timer.schedule(() -> answer.complete(company), Job.LOOKUP_DELAY.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return answer;
        });
    }

    /**
     * The JDK client as Tributary's default was built before Apache HttpClient 5 replaced it: HTTP/1.1, 5 s to
     * connect, its work on a fixed pool of daemon threads, one per CPU (at least two).
     */
    private static HttpClient jdkHttpClient() {
        AtomicInteger count = new AtomicInteger();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                        runnable -> {
                            Thread thread = new Thread(runnable, "jdk-http-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        }))
                .build();
    }

    /** The baseline: the same output, from a blocking call per record in a plain function. */
    private static ProcessorDefinition<String, JsonNode, JsonNode> blockingEnrichment(JobSpec spec, String name) {
        if (spec.job() != Job.ENRICH) {
            throw new IllegalArgumentException(ChildMain.TRIBUTARY_BLOCKING + " runs the enrich job only");
        }
        BlockingCompanyLookup lookup = new BlockingCompanyLookup(spec.lookupUrl());
        return ProcessorDefinition.json(name)
                .source(spec.input())
                .output(spec.output())
                .key(KeySelectors.field("symbol"))
                .eventTime(EventTimeExtractors.field("timestamp"))
                .function(() -> (tick, context) -> {
                    JsonNode company = lookup.company(tick.get("symbol").asString());
                    ObjectNode enriched = JSON.createObjectNode();
                    enriched.set("symbol", tick.get("symbol"));
                    enriched.set("price", tick.get("price"));
                    enriched.set("timestamp", tick.get("timestamp"));
                    enriched.set("company_name", tick.path("company_info").get("name"));
                    enriched.set("employees_count", tick.path("company_info").get("employees_count"));
                    enriched.set("sector", company.get("sector"));
                    enriched.set("rating", company.get("rating"));
                    context.emit(enriched);
                })
                .build();
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> windowed(JobSpec spec, String name,
            WindowAssigner windows) {
        return WindowedAggregation.builder(name)
                .source(spec.input())
                .output(spec.output())
                .keyBy("symbol")
                .eventTime("timestamp")
                .window(windows)
                .maxOutOfOrderness(Job.OUT_OF_ORDERNESS)
                .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                .build();
    }
}
