package io.tributary.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelectors;
import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.RecordSink;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.StoreProvider;
import io.tributary.internals.state.memory.InMemoryStoreProvider;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.serde.Serdes;
import io.tributary.state.RocksDbSettings;
import io.tributary.state.ValueStateDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.JsonNode;

/**
 * The per-record path of a task: JSON parse, key and event-time extraction, a keyed state read-modify-write
 * through the write-back cache, an emit, watermark update; with a commit (flush into the store) every
 * {@link #RECORDS} records, as the runtime does per interval. {@code parseOnly} is the baseline measured in
 * the same run: just parsing the same JSON, the floor any JSON processor pays.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordPathBenchmark {

    static final int RECORDS = 10_000;
    static final int KEYS = 100;
    static final ValueStateDescriptor<Long> MAX = ValueStateDescriptor.of("max", Serdes.longs());

    @Param({"ROCKSDB", "MEMORY"})
    public String backend;

    private Path dir;
    private StoreProvider stores;
    private StreamTask<String, JsonNode, JsonNode> task;
    private ConsumerRecord<byte[], byte[]>[] records;
    private long offset;

    /** Keeps the highest price per symbol and emits it: the shape of a tumbling max without windows. */
    static final class MaxPrice implements KeyedProcessFunction<String, JsonNode, JsonNode> {
        @Override
        public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) {
            var max = context.state(MAX);
            long price = value.get("price").asLong();
            Long current = max.value();
            if (current == null || price > current) {
                max.update(price);
            }
            context.emit(value);
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("tributary-bench");
        stores = backend.equals("ROCKSDB") ? new RocksDbStoreProvider(dir, RocksDbSettings.defaults())
                : new InMemoryStoreProvider();
        ProcessorDefinition<String, JsonNode, JsonNode> definition = ProcessorDefinition.json("bench")
                .source("ticks").key(KeySelectors.field("symbol")).eventTime(EventTimeExtractors.field("timestamp"))
                .output("out").function(MaxPrice::new).build();
        RecordSink discard = (topic, partition, key, value, timestamp, headers) -> { };
        task = new StreamTask<>(definition, 0, definition.sources(), false, stores.open("bench", 0), discard,
                InstantSource.system(), new ProcessorMetrics(), TaskOptions.defaults());
        task.open();
        records = new ConsumerRecord[RECORDS];
        Instant start = Instant.parse("2026-11-21T10:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            String symbol = "SYM" + (i % KEYS);
            String json = "{\"symbol\":\"" + symbol + "\",\"price\":" + (100 + i % 97) + ",\"timestamp\":\""
                    + start.plusMillis(i * 10L) + "\",\"company_info\":{\"name\":\"" + symbol
                    + " Inc\",\"employees_count\":1525000}}";
            byte[] key = symbol.getBytes(StandardCharsets.UTF_8);
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            records[i] = new ConsumerRecord<>("ticks", 0, i, start.toEpochMilli(), TimestampType.CREATE_TIME, key.length,
                    value.length, key, value, new RecordHeaders(), Optional.empty());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        task.close();
        stores.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void processAndCommit() {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            task.process(record);
        }
        task.completeCommit(task.prepareCommit(), offset++);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseOnly(Blackhole blackhole) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            blackhole.consume(Serdes.defaultJsonMapper().readTree(record.value()));
        }
    }
}
