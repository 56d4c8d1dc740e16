package io.tributary.e2e.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entry point of a system's own JVM: runs one job on one system until a line arrives on standard input, then
 * closes it and writes its heap figures to the stats file. Its own process so that its RSS is its own, with the
 * broker and the load generator elsewhere.
 *
 * <p>Reads {@code bench.system} ({@value #PIPE}, {@value #TRIBUTARY}, {@value #TRIBUTARY_BLOCKING},
 * {@value #KAFKA_STREAMS}), {@code bench.job},
 * {@code bench.guarantee} ({@code eos} or {@code alos}), {@code bench.threads}, {@code bench.bootstrap},
 * {@code bench.input}, {@code bench.output}, {@code bench.app}, {@code bench.stateDir}, {@code bench.statsFile} and,
 * for enrichment, {@code bench.lookupUrl}.
 */
public final class ChildMain {

    static final String PIPE = "pipe";
    static final String TRIBUTARY = "tributary";
    /** Tributary with a plain function making a blocking call per record: the enrichment baseline. */
    static final String TRIBUTARY_BLOCKING = "tributary-blocking";
    /** Tributary's async enrichment with an in-process lookup answering after the same delay: the engine alone. */
    static final String TRIBUTARY_LOOKUP = "tributary-lookup";
    /** Tributary's async enrichment over HTTP with {@code coalesce()}: records of a symbol in flight share a GET. */
    static final String TRIBUTARY_COALESCE = "tributary-coalesce";
    /** Tributary's async enrichment over HTTP through the JDK's {@code HttpClient}, the default before Apache's. */
    static final String TRIBUTARY_JDK_HTTP = "tributary-jdkhttp";
    static final String KAFKA_STREAMS = "kafka-streams";

    private ChildMain() {
    }

    /** The settings of the job a child JVM runs. */
    record JobSpec(String system, Job job, boolean exactlyOnce, int threads, String bootstrap, String input,
            String output, String app, Path stateDir, String lookupUrl) {

        static JobSpec fromSystemProperties() {
            return new JobSpec(required("bench.system"), Job.valueOf(required("bench.job")),
                    "eos".equals(required("bench.guarantee")), Integer.parseInt(required("bench.threads")),
                    required("bench.bootstrap"), required("bench.input"), required("bench.output"),
                    required("bench.app"), Path.of(required("bench.stateDir")), System.getProperty("bench.lookupUrl", ""));
        }

        private static String required(String property) {
            String value = System.getProperty(property);
            if (value == null) {
                throw new IllegalStateException("system property " + property + " is not set; the benchmark sets it");
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        JobSpec spec = JobSpec.fromSystemProperties();
        Path stats = Path.of(System.getProperty("bench.statsFile"));
        HeapSampler heap = new HeapSampler();
        AutoCloseable running = switch (spec.system()) {
            case PIPE -> PlainPipe.start(spec);
            case TRIBUTARY, TRIBUTARY_BLOCKING, TRIBUTARY_LOOKUP, TRIBUTARY_COALESCE, TRIBUTARY_JDK_HTTP ->
                    TributaryJobs.start(spec);
            case KAFKA_STREAMS -> KafkaStreamsJobs.start(spec);
            default -> throw new IllegalArgumentException("unknown bench.system '" + spec.system() + "'; use "
                    + PIPE + ", " + TRIBUTARY + " or " + KAFKA_STREAMS);
        };
        System.out.println("RUNNING " + spec);
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        running.close();
        heap.writeTo(stats);
        System.out.println("STOPPED");
        System.exit(0);
    }

    /** Samples heap use every 100 ms; the peak is what the report shows. */
    static final class HeapSampler {

        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong maxUsed = new AtomicLong();
        private final AtomicLong maxCommitted = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heap-sampler");
            thread.setDaemon(true);
            return thread;
        });

        HeapSampler() {
            timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            maxCommitted.accumulateAndGet(memory.getHeapMemoryUsage().getCommitted(), Math::max);
        }

        void writeTo(Path file) throws IOException {
            timer.shutdownNow();
            long gcCount = 0;
            long gcMillis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            Files.writeString(file, String.format(Locale.ROOT, "heapMaxUsed=%d%nheapMaxCommitted=%d%ngcCount=%d%ngcMillis=%d%n",
                    maxUsed.get(), maxCommitted.get(), gcCount, gcMillis));
        }
    }

    /** 100 ms, or {@code -Dbench.commitIntervalMs} (pass it to the systems with {@code -Dbench.childOptions}). */
    static Duration commitInterval() {
        return Duration.ofMillis(Long.getLong("bench.commitIntervalMs", 100));
    }
}
