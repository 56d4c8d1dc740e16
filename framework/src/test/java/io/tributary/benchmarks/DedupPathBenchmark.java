package io.tributary.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.WatermarkStrategy;
import io.tributary.internals.dedup.DeduplicationSpec;
import io.tributary.internals.engine.ProcessorMetrics;
import io.tributary.internals.engine.RecordSink;
import io.tributary.internals.engine.StreamTask;
import io.tributary.internals.engine.TaskOptions;
import io.tributary.internals.state.StoreProvider;
import io.tributary.internals.state.rocksdb.RocksDbStoreProvider;
import io.tributary.state.RocksDbSettings;
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
import tools.jackson.databind.JsonNode;

/**
 * The per-record path of keep-first deduplication as the benchmark harness runs it (ticks keyed by symbol and
 * timestamp, event time from the timestamp, 10-minute scope, 3-minute disorder bound, 10% repeats), with a commit
 * into RocksDB every {@link #RECORDS} records. {@code TREE} is the baseline of the same run: the same key read through
 * a selector the engine cannot see into, so every value is parsed into a tree; {@code SCANNED} reads key, time and
 * output key from the bytes. A tick every {@link #stepMillis} of event time keeps the ticks of the last 13 minutes
 * (scope and disorder bound) live in the task's marker table: about 70,000 keys 10 ms apart, as a task of the
 * end-to-end benchmark holds, or ten times as many 1 ms apart, for a table far larger than the processor's caches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DedupPathBenchmark {

    static final int RECORDS = 10_000;
    static final int SYMBOLS = 100;

    @Param({"SCANNED", "TREE"})
    public String path;

    @Param({"10", "1"})
    public long stepMillis;

    private Path dir;
    private StoreProvider stores;
    private StreamTask<String, JsonNode, JsonNode> task;
    private final ConsumerRecord<byte[], byte[]>[] records = newRecords();
    private long offset;
    private long nextMillis = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<byte[], byte[]>[] newRecords() {
        return new ConsumerRecord[RECORDS];
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("tributary-bench");
        stores = new RocksDbStoreProvider(dir, RocksDbSettings.defaults());
        KeySelector<JsonNode, String> fields = KeySelectors.fields("symbol", "timestamp");
        KeySelector<JsonNode, String> key = path.equals("SCANNED") ? fields : fields::selectKey;
        DeduplicationSpec spec = new DeduplicationSpec(Duration.ofMinutes(10).toMillis(), false, false, null,
                KeySelectors.field("symbol"));
        ProcessorDefinition<String, JsonNode, JsonNode> definition = ProcessorDefinition.json("dedup")
                .source("ticks").key(key).eventTime(EventTimeExtractors.field("timestamp"))
                .watermarks(WatermarkStrategy.boundedOutOfOrderness(Duration.ofMinutes(3)))
                .output("out").function(spec::newOperator).build();
        RecordSink discard = (topic, partition, recordKey, value, timestamp, headers) -> { };
        task = new StreamTask<>(definition, 0, definition.sources(), false, stores.open("dedup", 0), discard,
                InstantSource.system(), new ProcessorMetrics(), TaskOptions.defaults());
        task.open();
    }

    /** Fresh ticks for each invocation, so first occurrences stay 90% of the input as event time moves on. */
    @Setup(Level.Invocation)
    public void nextTicks() {
        for (int i = 0; i < RECORDS; i++) {
            if (i % 10 == 9) {
                // a repeat of the tick before
                ConsumerRecord<byte[], byte[]> previous = records[i - 1];
                records[i] = new ConsumerRecord<>("ticks", 0, offset * RECORDS + i, previous.timestamp(),
                        TimestampType.CREATE_TIME, previous.key().length, previous.value().length, previous.key(),
                        previous.value(), new RecordHeaders(), Optional.empty());
                continue;
            }
            String symbol = "SYM" + (i % SYMBOLS);
            String json = "{\"symbol\":\"" + symbol + "\",\"price\":" + (100 + i % 97) + ",\"timestamp\":\""
                    + Instant.ofEpochMilli(nextMillis) + "\",\"company_info\":{\"name\":\"" + symbol
                    + " Holdings Inc\",\"employees_count\":" + (1000 + i % 7919) + "}}";
            byte[] key = symbol.getBytes(StandardCharsets.UTF_8);
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            records[i] = new ConsumerRecord<>("ticks", 0, offset * RECORDS + i, nextMillis, TimestampType.CREATE_TIME,
                    key.length, value.length, key, value, new RecordHeaders(), Optional.empty());
            nextMillis += stepMillis;
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
}
