package io.tributary.e2e.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tributary.e2e.benchmark.ReferenceModel.Expected;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs the benchmark: starts a broker in its own JVM, then for each selected {@link RunSpec} loads the same
 * generated ticks into a fresh input topic, starts the system in its own JVM and measures
 * <ol>
 * <li>throughput: input records per second from its first commit until all input offsets are committed (the input
 *     is loaded before the system starts, so this is its speed through a backlog);</li>
 * <li>latency: ticks continue at a fixed rate; for each output the time from the produce call of the record that
 *     caused it (the tick itself, or the tick whose event time closed the window) to its arrival at a
 *     {@code read_committed} reader;</li>
 * <li>memory: peak heap in use, peak and final RSS from {@code /proc}, and CPU;</li>
 * <li>correctness: the output for the bulk input against {@link ReferenceModel}; a mismatch is reported loudly and
 *     fails the build.</li>
 * </ol>
 * and writes the table to {@code target/benchmark-report.md}. With {@code -Dbench.repeat=N} it does the selected runs
 * N times in rounds, interleaved (round 1 does each run once, then round 2, each round starting one run later), so
 * that slow drift of the shared machine and a fresh broker meet every system alike, and reports each figure's median
 * over the rounds and its spread.
 */
public final class BenchmarkMain {

    /** Two logback-test.xml on the test class path (this module's and the framework test jar's) make logback chatty. */
    static final String QUIET_LOGBACK = "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener";

    /** The bulk loader's batch size ({@code bench.loadBatchBytes}, default 128 KiB). */
    static final int LOAD_BATCH_BYTES = Integer.getInteger("bench.loadBatchBytes", 128 * 1024);

    private final BenchmarkSettings settings;
    private final Expected expected;
    private final String bootstrap;
    private final String lookupUrl;
    private final Admin admin;
    private final ChildProcess broker;

    private BenchmarkMain(BenchmarkSettings settings, Expected expected, ChildProcess broker, String bootstrap,
            String lookupUrl) {
        this.settings = settings;
        this.broker = broker;
        this.expected = expected;
        this.bootstrap = bootstrap;
        this.lookupUrl = lookupUrl;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(props);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        List<RunSpec> runs = RunSpec.all().stream().filter(run -> settings.selected(run.name())).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("bench.runs=" + settings.runs() + " selects none of "
                    + RunSpec.all().stream().map(RunSpec::name).toList());
        }
        Files.createDirectories(settings.outputDir());
        log("Reference model over " + settings.bulkTicks() + " ticks");
        Expected expected = ReferenceModel.compute(settings);
        log("Expected: " + expected.firstOccurrences() + " first occurrences, " + expected.tumbling().size()
                + " tumbling and " + expected.sliding().size() + " sliding windows");
        List<RunResult> results = new ArrayList<>();
        try (ChildProcess broker = ChildProcess.start(BrokerMain.class.getName(), List.of("-Xmx1g", QUIET_LOGBACK),
                settings.outputDir().resolve("broker.log"))) {
            String bootstrap = broker.awaitLine(BrokerMain.READY_PREFIX, 120_000);
            log("Broker (pid " + broker.pid() + ") at " + bootstrap);
            ChildProcess stub = null;
            String lookupUrl = "";
            if (runs.stream().anyMatch(run -> run.job() == Job.ENRICH)) {
                stub = ChildProcess.start(CompanyApiStub.class.getName(), List.of("-Xmx512m",
                        "-Dbench.symbols=" + settings.symbols()), settings.outputDir().resolve("company-api.log"));
                lookupUrl = stub.awaitLine(CompanyApiStub.READY_PREFIX, 60_000);
                log("Company API stub (pid " + stub.pid() + ", " + Job.LOOKUP_DELAY.toMillis() + " ms per call) at "
                        + lookupUrl);
            }
            BenchmarkMain benchmark = new BenchmarkMain(settings, expected, broker, bootstrap, lookupUrl);
            try {
                for (int round = 1; round <= settings.repeat(); round++) {
                    for (RunSpec run : roundOrder(runs, round)) {
                        RunResult result;
                        try {
                            result = benchmark.run(run, round);
                        }
                        catch (Exception ex) {
                            ex.printStackTrace();
                            result = RunResult.failed(run, round, "the benchmark failed: " + ex);
                        }
                        results.add(result);
                        log(roundName(settings, run, round) + ": " + Report.summary(result));
                        Report.write(settings, results, broker.memory(), settings.outputDir().resolveSibling(
                                "benchmark-report.md"));
                    }
                }
            }
            finally {
                benchmark.admin.close();
                if (stub != null) {
                    stub.stop(30);
                }
            }
            Path report = settings.outputDir().resolveSibling("benchmark-report.md");
            Report.write(settings, results, broker.memory(), report);
            log("Report written to " + report.toAbsolutePath());
            System.out.println(Files.readString(report));
        }
        List<RunResult> bad = results.stream().filter(result -> !result.matched()).toList();
        if (!bad.isEmpty()) {
            System.err.println("\n!!!!! OUTPUT MISMATCH OR FAILED RUN: "
                    + bad.stream().map(result -> roundName(settings, result.spec(), result.round())).toList()
                    + " !!!!!");
            for (RunResult result : bad) {
                System.err.println(roundName(settings, result.spec(), result.round()) + ": "
                        + (result.failure() != null ? result.failure()
                        : String.join("\n    ", result.problems())));
            }
            System.exit(1);
        }
        System.exit(0);
    }

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    static void log(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " [benchmark] " + message);
    }

    /**
     * The runs of round {@code round} (from 1): the selected order, rotated by one run per round, so that being the
     * first system on a fresh broker, or the one after a given other, falls on a different run in each round.
     */
    static List<RunSpec> roundOrder(List<RunSpec> runs, int round) {
        List<RunSpec> rotated = new ArrayList<>(runs);
        java.util.Collections.rotate(rotated, -((round - 1) % Math.max(1, runs.size())));
        return rotated;
    }

    /**
     * The name of a run in one round: its own name, with {@code -r<round>} when there are several rounds. It names the
     * round's topics, consumer groups, transactional ids and files, so that no round meets another's offsets or state
     * and each round's logs are kept.
     */
    static String roundName(BenchmarkSettings settings, RunSpec spec, int round) {
        return settings.repeat() > 1 ? spec.name() + "-r" + round : spec.name();
    }

    private RunResult run(RunSpec spec, int round) throws Exception {
        String name = roundName(settings, spec, round);
        String app = "bench-" + name;
        String input = app + "-ticks";
        String output = app + "-out";
        int records = settings.recordsOf(spec.job());
        log(name + ": loading " + records + " ticks");
        admin.createTopics(List.of(new NewTopic(input, settings.partitions(), (short) 1),
                new NewTopic(output, settings.partitions(), (short) 1))).all().get();
        awaitLeaders(List.of(input, output));
        TickStream ticks = new TickStream(settings);
        long loadStarted = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<Exception> sendFailure = new java.util.concurrent.atomic.AtomicReference<>();
        // batches of 128 KiB, as Tributary's producers and the pipe write: the broker returns a whole batch however
        // small the consumer's fetch limits, so batches of 512 KiB made every fetch response of every system at
        // least that large, humongous under G1 with a 1 GiB heap, where a producer's usual batches are not
        try (KafkaProducer<byte[], byte[]> producer = producer(20, LOAD_BATCH_BYTES)) {
            for (int i = 0; i < records; i++) {
                TickStream.Tick tick = ticks.next();
                producer.send(new ProducerRecord<>(input, ticks.symbols().partition(tick.symbol()), null,
                        ticks.symbols().key(tick.symbol()), ticks.json(tick)), (metadata, ex) -> {
                            if (ex != null) {
                                sendFailure.compareAndSet(null, ex);
                            }
                        });
            }
        }
        if (sendFailure.get() != null || endOffsets(input).values().stream().mapToLong(Long::longValue).sum() != records) {
            throw new IllegalStateException("loading " + input + " failed: " + sendFailure.get());
        }
        log(name + ": loaded in " + millisSince(loadStarted) + " ms; starting the system");
        Path stateDir = Files.createTempDirectory("tributary-bench-state-");
        Path stats = settings.outputDir().resolve(name + ".stats");
        Files.deleteIfExists(stats);
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + settings.childHeap(), "-XX:+UseG1GC", QUIET_LOGBACK,
                "-Dbench.system=" + spec.system(), "-Dbench.job=" + spec.job().name(),
                "-Dbench.guarantee=" + (spec.exactlyOnce() ? "eos" : "alos"), "-Dbench.threads=" + spec.threads(),
                "-Dbench.bootstrap=" + bootstrap, "-Dbench.input=" + input, "-Dbench.output=" + output,
                "-Dbench.app=" + app, "-Dbench.stateDir=" + stateDir, "-Dbench.statsFile=" + stats,
                "-Dbench.lookupUrl=" + lookupUrl, "-Dbench.symbols=" + settings.symbols()));
        if (spec.job() == Job.ENRICH) {
            // on 2 CPUs the common pool's parallelism is 1, and the JDK HttpClient (no longer the default enrichment
            // client, but a user's lookup may use it) then starts a thread per response; Tributary warns about it
            jvm.add("-D" + COMMON_POOL_PARALLELISM + "=" + Math.max(2, Runtime.getRuntime().availableProcessors() - 1));
        }
        String childOptions = System.getProperty("bench.childOptions", "").trim();
        if (!childOptions.isEmpty()) {
            jvm.addAll(List.of(childOptions.split("\\s+")));
        }
        if (settings.jfr()) {
            jvm.add("-XX:StartFlightRecording=filename=" + settings.outputDir().resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        ChildProcess child = ChildProcess.start(ChildMain.class.getName(), jvm,
                settings.outputDir().resolve(name + ".log"));
        Throughput throughput;
        LatencyPhase.Result latency = LatencyPhase.Result.none();
        Map<String, Long> memory = Map.of();
        String failure = null;
        Map<TopicPartition, Long> bulkEnd = Map.of();
        try {
            throughput = measureThroughput(spec, name, child, spec.group(app), input, records,
                    settings.warmupOf(spec.job()));
            if (throughput.failure() == null && spec.timeBoxed()) {
                log(name + ": " + Math.round(throughput.recordsPerSecond()) + " records/s over "
                        + settings.blockingTimeBox().toSeconds() + " s; no latency phase (it cannot keep up with "
                        + settings.rate() + "/s)");
            }
            else if (throughput.failure() == null) {
                bulkEnd = endOffsets(output);
                log(name + ": " + Math.round(throughput.recordsPerSecond()) + " records/s; latency phase at "
                        + settings.rate() + "/s for " + settings.latencyPhase().toSeconds() + " s");
                latency = new LatencyPhase(settings, spec.job(), bootstrap, input, output, ticks, expected,
                        settings.outputDir().resolve(name + ".latencies.tsv")).run(bulkEnd);
            }
            else {
                failure = throughput.failure();
            }
            memory = child.memory();
        }
        finally {
            int exit = child.stop(60);
            if (exit != 0 && failure == null) {
                log(name + ": system JVM exited with " + exit + "; see " + child.log());
            }
        }
        Map<String, Long> heap = readStats(stats);
        OutputCheck check = new OutputCheck(spec.job(), expected, spec.timeBoxed());
        if (failure == null) {
            // windows are read to the end: Kafka Streams emits closed windows on its next emit check, which the
            // latency phase's records trigger; the check looks only at windows the bulk input closed. A time-boxed
            // run is read to the end too: what it wrote before it was stopped.
            readOutput(output, spec.job().windowed() || spec.timeBoxed() ? endOffsets(output) : bulkEnd, check);
        }
        logChangelogs(name, app);
        deleteTopics(app);
        deleteRecursively(stateDir);
        return new RunResult(spec, round, throughput.recordsPerSecond(), throughput.processed(), throughput.cpuCores(),
                latency.p50Millis(), latency.p99Millis(), latency.samples(), heap.getOrDefault("heapMaxUsed", -1L),
                memory.getOrDefault("VmHWM", -1L), memory.getOrDefault("VmRSS", -1L), heap.getOrDefault("gcMillis", -1L),
                check.records(), failure == null ? check.problems() : List.of(), throughput.busiestShare(), failure);
    }

    /** @param busiestShare the share of the input in its busiest partition (0.25 when 4 partitions are even) */
    private record Throughput(double recordsPerSecond, long processed, double cpuCores, double busiestShare,
            String failure) {

        static Throughput failed(String failure) {
            return new Throughput(Double.NaN, 0, Double.NaN, Double.NaN, failure);
        }
    }

    /**
     * Polls the committed input offsets of the system's group every 20 ms: from the first commit that covers more
     * than {@code warmup} records (records committed then are left out) to the commit of the last input record, or for
     * a time-boxed run to the end of its time.
     * Logs when each input partition was committed to its end: keys do not spread evenly over the partitions, and a
     * system whose work per partition is bounded (async capacity per task) ends with its busiest partition.
     */
    private Throughput measureThroughput(RunSpec spec, String name, ChildProcess child, String group, String input,
            int records, int warmup) throws InterruptedException, ExecutionException {
        long started = System.nanoTime();
        long timeoutNanos = Duration.ofSeconds(120 + records / 2_000).toNanos();
        Map<TopicPartition, Long> ends = endOffsets(input);
        long busiest = ends.values().stream().mapToLong(Long::longValue).max().orElse(0);
        double busiestShare = records == 0 ? Double.NaN : (double) busiest / records;
        Map<TopicPartition, Long> doneNanos = new HashMap<>();
        long firstCommitNanos = 0;
        long committedAtFirst = 0;
        double cpuAtFirst = 0;
        double brokerCpuAtFirst = 0;
        while (System.nanoTime() - started < timeoutNanos) {
            if (!child.alive()) {
                return Throughput.failed("system JVM exited early; see " + child.log());
            }
            Map<TopicPartition, Long> offsets = committedOffsets(group, input);
            long committed = offsets.values().stream().mapToLong(Long::longValue).sum();
            long now = System.nanoTime();
            if (firstCommitNanos == 0 && committed > warmup) {
                firstCommitNanos = now;
                committedAtFirst = committed;
                cpuAtFirst = child.cpuSeconds();
                brokerCpuAtFirst = broker.cpuSeconds();
            }
            if (firstCommitNanos != 0) {
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    if (offsets.getOrDefault(end.getKey(), 0L) >= end.getValue()) {
                        doneNanos.putIfAbsent(end.getKey(), now);
                    }
                }
            }
            boolean timeUp = spec.timeBoxed() && firstCommitNanos != 0
                    && now - firstCommitNanos >= settings.blockingTimeBox().toNanos();
            if (committed >= records || timeUp) {
                double seconds = (now - firstCommitNanos) / 1e9;
                long processed = committed - committedAtFirst;
                if (processed == 0 || seconds <= 0) {
                    // the commit past the warm-up (or the first) was the last: no interval to divide by
                    return Throughput.failed("the whole input was committed by the first commit counted, so there "
                            + "is no interval to measure; raise bench.records (or lower bench.warmupRecords)");
                }
                double cpu = (child.cpuSeconds() - cpuAtFirst) / seconds;
                logPartitions(name, ends, doneNanos, firstCommitNanos);
                // the two share the machine's cores: what each takes per record tells where a ceiling comes from
                log(String.format(java.util.Locale.ROOT, "%s: measured %,d records from %,d committed; CPU cores: "
                        + "system %.2f, broker %.2f", name, processed, committedAtFirst, cpu,
                        (broker.cpuSeconds() - brokerCpuAtFirst) / seconds));
                return new Throughput(processed / seconds, processed, cpu, busiestShare, null);
            }
            Thread.sleep(20);
        }
        return Throughput.failed("input not fully committed within "
                + Duration.ofNanos(timeoutNanos).toSeconds() + " s (committed " + committed(group, input) + " of "
                + records + "); see " + child.log());
    }

    private static void logPartitions(String name, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> doneNanos,
            long firstCommitNanos) {
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder(name + ": input partitions committed to their end");
        ends.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
                .forEach(end -> {
                    Long done = doneNanos.get(end.getKey());
                    line.append(String.format(java.util.Locale.ROOT, "; p%d %,d records (%.1f%%) at %s",
                            end.getKey().partition(), end.getValue(), 100.0 * end.getValue() / Math.max(1, total),
                            done == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f s",
                                    (done - firstCommitNanos) / 1e9)));
                });
        log(line.toString());
    }

    /** A new topic's partitions may refuse writes for a moment after creation; wait until each has a leader. */
    private void awaitLeaders(List<String> topics) throws InterruptedException, ExecutionException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            boolean ready;
            try {
                ready = admin.describeTopics(topics).allTopicNames().get().values().stream().allMatch(topic ->
                        topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            }
            catch (ExecutionException ex) {
                ready = false; // not known to the broker's metadata yet
            }
            if (ready) {
                try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                    for (String topic : topics) {
                        List<TopicPartition> partitions = partitions(topic);
                        consumer.assign(partitions);
                        consumer.endOffsets(partitions);
                    }
                }
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topics " + topics + " have no leader after 30 s");
    }

    private long committed(String group, String input) throws InterruptedException, ExecutionException {
        return committedOffsets(group, input).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> committedOffsets(String group, String input)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : offsets.entrySet()) {
            if (entry.getKey().topic().equals(input) && entry.getValue() != null) {
                committed.put(entry.getKey(), entry.getValue().offset());
            }
        }
        return committed;
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    private void readOutput(String topic, Map<TopicPartition, Long> until, OutputCheck check) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 300_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < until.getOrDefault(p, 0L))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + until);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < until.getOrDefault(partition, 0L)) {
                        check.accept(record.key(), record.value());
                    }
                }
            }
        }
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i = 0; i < settings.partitions(); i++) {
            partitions.add(new TopicPartition(topic, i));
        }
        return partitions;
    }

    /**
     * Logs the committed records and bytes (keys and values) of each changelog topic of the run: what state costs in
     * produced records, the input side's main extra work besides the outputs.
     */
    private void logChangelogs(String name, String app) throws InterruptedException, ExecutionException {
        for (String topic : admin.listTopics().names().get()) {
            if (!topic.startsWith(app) || !topic.endsWith("-changelog")) {
                continue;
            }
            long records = 0;
            long bytes = 0;
            Map<TopicPartition, Long> ends = endOffsets(topic);
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = new ArrayList<>(ends.keySet());
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long deadline = System.currentTimeMillis() + 120_000;
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                        && System.currentTimeMillis() < deadline) {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        records++;
                        bytes += (record.key() == null ? 0 : record.key().length)
                                + (record.value() == null ? 0 : record.value().length);
                    }
                }
            }
            log(String.format(java.util.Locale.ROOT, "%s: changelog %s: %,d records, %,d bytes", name,
                    topic.substring(app.length()), records, bytes));
        }
    }

    private void deleteTopics(String app) throws InterruptedException, ExecutionException {
        Set<String> topics = admin.listTopics().names().get().stream().filter(name -> name.startsWith(app))
                .collect(Collectors.toSet());
        admin.deleteTopics(topics).all().get();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(bootstrap, Map.of());
    }

    /** A read_committed consumer without a group, for reading outputs; {@code overrides} win. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    KafkaProducer<byte[], byte[]> producer(int lingerMillis, int batchBytes) {
        return producer(bootstrap, lingerMillis, batchBytes);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMillis, int batchBytes) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private static Map<String, Long> readStats(Path stats) throws IOException {
        Map<String, Long> values = new HashMap<>();
        if (Files.exists(stats)) {
            for (String line : Files.readAllLines(stats)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1).trim()));
                }
            }
        }
        return values;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
