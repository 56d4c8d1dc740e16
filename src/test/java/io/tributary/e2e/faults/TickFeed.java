package io.tributary.e2e.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.tributary.samples.stockticker.generator.TickFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * The known input stream: the sample's own tick mix ({@link TickFactory}: duplicates, disorder, late and malformed
 * ticks), seeded, sent at a steady rate by one idempotent producer ({@code acks=all}) on a thread of its own until
 * {@link #stop}, with poison records mixed in when queued. Event time starts two days back, one second per in-order
 * tick, so windows close every few hundred records and outputs need no clamping (poison aside). Each record goes to the
 * partition its symbol hashes to, whatever its key, so that a symbol's ticks and its outputs share a partition number.
 * The producer rides out a broker restart: it blocks and retries instead of failing.
 */
final class TickFeed implements AutoCloseable {

    static final int PARTITIONS = 4;

    private final Producer<byte[], byte[]> producer;
    private final TickFactory ticks;
    private final long recordsPerSecond;
    private final Deque<ProducerRecord<byte[], byte[]>> poison = new ArrayDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;

    TickFeed(String bootstrapServers, long seed, long recordsPerSecond) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.ticks = new TickFactory("stock_ticker", Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS),
                Duration.ofSeconds(1), new SplittableRandom(seed));
        this.recordsPerSecond = recordsPerSecond;
        this.thread = new Thread(this::run, "tick-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** The partition of the input (and of every output) a symbol's records go to. */
    static int partition(String symbol) {
        return Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** Queues records to send next, in order, between ticks. */
    synchronized void inject(Iterable<ProducerRecord<byte[], byte[]>> records) {
        records.forEach(poison::add);
    }

    /** The event time of the latest in-order tick. */
    synchronized Instant eventTime() {
        return ticks.eventTime();
    }

    long sent() {
        return sent.get();
    }

    /**
     * Stops sending, sends {@code last} after everything else, waits until every record sent is acknowledged, and fails
     * if any send failed.
     */
    long stop(List<ProducerRecord<byte[], byte[]>> last) throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.MINUTES.toMillis(4));
        for (ProducerRecord<byte[], byte[]> record : last) {
            producer.send(record, (metadata, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
            sent.incrementAndGet();
        }
        producer.flush();
        Exception ex = failure.get();
        if (ex != null) {
            throw new IllegalStateException("the feed failed after " + sent.get() + " records: " + ex, ex);
        }
        return sent.get();
    }

    private void run() {
        long started = System.nanoTime();
        long nanosPerRecord = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        Set<Integer> acknowledged = new HashSet<>();
        while (!stopping && failure.get() == null) {
            ProducerRecord<byte[], byte[]> record = next();
            Future<RecordMetadata> sending = producer.send(record, (metadata, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
            if (acknowledged.add(record.partition())) {
                // A partition's first record is acknowledged before the next is sent. Else, on a new topic, the first
                // request can fail retriably, the second land first, and the first be refused as out of order on every
                // retry until it expires, its records lost (KAFKA-15591).
                awaitAcknowledged(sending);
            }
            long due = started + sent.incrementAndGet() * nanosPerRecord;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the load, not waiting for anything
            }
        }
    }

    private void awaitAcknowledged(Future<RecordMetadata> sending) {
        try {
            sending.get();
        }
        catch (ExecutionException ex) {
            failure.compareAndSet(null, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, ex);
        }
    }

    private synchronized ProducerRecord<byte[], byte[]> next() {
        ProducerRecord<byte[], byte[]> queued = poison.poll();
        if (queued != null) {
            return queued;
        }
        ProducerRecord<String, String> tick = ticks.next();
        return new ProducerRecord<>(tick.topic(), partition(tick.key()), tick.key().getBytes(StandardCharsets.UTF_8),
                tick.value().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        stopping = true;
        producer.close(Duration.ofSeconds(10));
    }
}
