package io.tributary.e2e.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import io.tributary.e2e.benchmark.ReferenceModel.Expected;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end latency at a fixed input rate: the ticks continue (same generator, after the bulk input) at
 * {@code bench.rate} records per second, each sent without lingering, while a {@code read_committed} reader takes
 * the outputs. A tick's or a dedup output's latency runs from the produce call of its tick; a window result's from
 * the produce call of the tick that closed it (the first in its partition whose event time reached end + 3 min).
 * Windows the bulk input had already closed are left out.
 */
final class LatencyPhase {

    private static final long BOUND = Job.OUT_OF_ORDERNESS.toMillis();

    /** Latency percentiles over the outputs matched to a produce call. */
    record Result(double p50Millis, double p99Millis, int samples) {

        static Result none() {
            return new Result(Double.NaN, Double.NaN, 0);
        }
    }

    /** An output as it arrived; decoded after the phase, so the reader spends no time parsing while it measures. */
    private record Arrival(byte[] value, long nanos, int partition) {
    }

    /**
     * Outputs of the bulk input the reader takes (and drops) before the phase starts, at most, so that the fetch path
     * (this JVM's consumer, and the broker serving read_committed fetches) is warm when the clock starts. Without it
     * the first latency phase of an invocation read 470-650 ms p99 in its first second and 150-220 ms after, whichever
     * system ran it (the same system run second had no such second): the 312 ms p99 once reported for the in-process
     * enrichment lookup, the first enrichment run, was mostly this.
     */
    private static final int WARM_UP_RECORDS = 50_000;

    private final BenchmarkSettings settings;
    private final Job job;
    private final String bootstrap;
    private final String input;
    private final String output;
    private final TickStream ticks;
    private final Expected expected;
    private final Path timeline;
    private long started;

    /** {@code timeline}: where each output's send time, latency and partition go, one line each, for a look over time. */
    LatencyPhase(BenchmarkSettings settings, Job job, String bootstrap, String input, String output, TickStream ticks,
            Expected expected, Path timeline) {
        this.timeline = timeline;
        this.settings = settings;
        this.job = job;
        this.bootstrap = bootstrap;
        this.input = input;
        this.output = output;
        this.ticks = ticks;
        this.expected = expected;
    }

    Result run(Map<TopicPartition, Long> outputFrom) throws InterruptedException {
        List<Arrival> arrivals = new ArrayList<>();
        Reader reader = new Reader(outputFrom, arrivals);
        Thread readerThread = new Thread(reader, "latency-reader");
        readerThread.start();
        if (!reader.ready.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the latency reader did not start within 60 s");
        }
        Map<Long, Long> sentAt = new HashMap<>();
        long[] highest = expected.highestPerPartition().clone();
        List<List<long[]>> closers = new ArrayList<>();
        for (int i = 0; i < highest.length; i++) {
            closers.add(new ArrayList<>());
        }
        long total = settings.rate() * settings.latencyPhase().toSeconds();
        long intervalNanos = 1_000_000_000L / settings.rate();
        try (KafkaProducer<byte[], byte[]> producer = BenchmarkMain.producer(bootstrap, 0, 64 * 1024)) {
            producer.partitionsFor(input); // metadata fetched before the clock starts
            started = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = started + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                TickStream.Tick tick = ticks.next();
                int partition = ticks.symbols().partition(tick.symbol());
                byte[] value = ticks.json(tick);
                long now = System.nanoTime();
                sentAt.putIfAbsent(Expected.code(tick.symbol(), tick.timestamp()), now);
                if (tick.timestamp() > highest[partition]) {
                    highest[partition] = tick.timestamp();
                    closers.get(partition).add(new long[] {tick.timestamp(), now});
                }
                producer.send(new ProducerRecord<>(input, partition, null, ticks.symbols().key(tick.symbol()), value));
            }
        }
        // let the last commits land: until nothing arrived for 2 s (at most 20 s)
        long quietSince = System.nanoTime();
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(100);
            int now = reader.count();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
        reader.stop();
        readerThread.join();
        return percentiles(arrivals, sentAt, closers);
    }

    private Result percentiles(List<Arrival> arrivals, Map<Long, Long> sentAt, List<List<long[]>> closers) {
        List<Long> latencies = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add("sent_ms\tlatency_ms\tpartition");
        Set<Long> matched = new HashSet<>();
        for (Arrival arrival : arrivals) {
            long code = OutputCheck.latencyCode(job, arrival.value(), expected.symbols());
            if (!matched.add(code)) {
                continue; // a repeated tick through the pipe: its first copy counts
            }
            Long sent;
            if (job.windowed()) {
                int partition = expected.symbols().partition(Expected.symbolOf(code));
                long needed = Expected.timeOf(code) + BOUND;
                sent = needed <= expected.highestPerPartition()[partition] ? null
                        : closer(closers.get(partition), needed);
            }
            else {
                sent = sentAt.get(code);
            }
            if (sent != null) {
                latencies.add(arrival.nanos() - sent);
                lines.add(String.format(Locale.ROOT, "%.1f\t%.1f\t%d", (sent - started) / 1e6,
                        (arrival.nanos() - sent) / 1e6, arrival.partition()));
            }
        }
        writeTimeline(lines);
        if (latencies.isEmpty()) {
            return Result.none();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length);
    }

    /**
     * Writes the latencies by send time, and logs each second's p99: a percentile over the whole phase hides whether
     * the tail is spread out, periodic, or one stall.
     */
    private void writeTimeline(List<String> lines) {
        try {
            Files.write(timeline, lines);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Map<Integer, List<Double>> bySecond = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\t");
            bySecond.computeIfAbsent((int) (Double.parseDouble(fields[0]) / 1000), second -> new ArrayList<>())
                    .add(Double.parseDouble(fields[1]));
        }
        StringBuilder p99s = new StringBuilder();
        bySecond.values().forEach(second -> {
            double[] sorted = second.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            p99s.append(' ').append(Math.round(sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)]));
        });
        BenchmarkMain.log("latency p99 ms by second of the phase:" + p99s + " (all outputs in " + timeline.getFileName()
                + ")");
    }

    /** The produce time of the first tick of the phase whose event time reached {@code needed}, if any. */
    private static Long closer(List<long[]> closers, long needed) {
        int low = 0;
        int high = closers.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (closers.get(mid)[0] >= needed) {
                high = mid;
            }
            else {
                low = mid + 1;
            }
        }
        return low < closers.size() ? closers.get(low)[1] : null;
    }

    private static double percentile(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Reads the output topic from where the bulk output ended, noting each record's arrival. */
    private final class Reader implements Runnable {

        private final Map<TopicPartition, Long> from;
        private final List<Arrival> arrivals;
        private volatile boolean running = true;
        private volatile int count;
        private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);

        Reader(Map<TopicPartition, Long> from, List<Arrival> arrivals) {
            this.from = from;
            this.arrivals = arrivals;
        }

        int count() {
            return count;
        }

        void stop() {
            running = false;
        }

        /** Reads up to {@link #WARM_UP_RECORDS} of the bulk output, the last ones before where the phase starts. */
        private void warmUp(KafkaConsumer<byte[], byte[]> consumer) {
            Map<TopicPartition, Long> remaining = new HashMap<>();
            long perPartition = WARM_UP_RECORDS / Math.max(1, from.size());
            from.forEach((partition, end) -> {
                if (end > 0) {
                    consumer.seek(partition, Math.max(0, end - perPartition));
                    remaining.put(partition, end);
                }
            });
            long started = System.nanoTime();
            long deadline = started + Duration.ofSeconds(30).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
                remaining.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
            }
            // said, not hidden: a reader that did not warm up measures its own cold start again
            BenchmarkMain.log("latency reader warm-up: " + (remaining.isEmpty() ? "read" : "gave up at 30 s on "
                    + remaining.keySet() + " of") + " the last bulk outputs in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = BenchmarkMain.consumer(bootstrap,
                    Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10))) {
                consumer.assign(from.keySet());
                warmUp(consumer);
                from.forEach(consumer::seek);
                consumer.poll(Duration.ZERO);
                from.keySet().forEach(consumer::position);
                ready.countDown();
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        arrivals.add(new Arrival(record.value(), now, record.partition()));
                        count++;
                    }
                }
            }
        }
    }
}
