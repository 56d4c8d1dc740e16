package io.tributary.samples.stockticker.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Loads a fixed number of ticks from a {@link TickFactory} into a topic and returns: the generator without the
 * service, for load tests and benchmarks against any broker. {@code StockTickerApplication} runs it, instead of the
 * service, when its arguments contain {@code --generate}:
 *
 * <pre>
 * java -jar stock-ticker.jar --generate --count=1000000 --topic=stock_ticker --bootstrap-servers=localhost:9092
 * </pre>
 *
 * <p>Options (see {@link Options#parse}): {@code --count} (default 100000), {@code --topic} (default
 * {@code stock_ticker}), {@code --bootstrap-servers} (default {@code localhost:9092}), {@code --partitions} (used only
 * when the topic is missing; default 4), {@code --start} (event time of the first tick, ISO-8601; now by default, as
 * in dev mode), {@code --event-time-step} (default 100ms), {@code --seed} (a repeatable stream),
 * and {@code --kafka.<property>=<value>} for any further client property (security settings, for example).
 *
 * <p>Sends with an idempotent producer ({@code acks=all}), so a retried batch is neither lost, duplicated nor
 * reordered; the only duplicates in the topic are those the factory makes on purpose. {@link #load} flushes before
 * returning and fails if any send failed.
 */
public final class TickLoader {

    /** The argument that selects this mode. */
    public static final String GENERATE = "--generate";

    private TickLoader() {
    }

    /** Whether the command-line arguments ask for the loader rather than the service. */
    public static boolean requested(String... args) {
        return List.of(args).contains(GENERATE);
    }

    /** Runs the loader from the command line; returns the process exit status. */
    public static int run(String... args) {
        Options options;
        try {
            options = Options.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            return 2;
        }
        quietLogging();
        try (Admin admin = Admin.create(options.clientProperties())) {
            createTopicIfMissing(admin, options.topic(), options.partitions());
        }
        catch (IllegalStateException ex) {
            System.err.println(ex.getMessage());
            return 1;
        }
        System.out.printf("Loading %d ticks into '%s' at %s%n", options.count(), options.topic(),
                options.bootstrapServers());
        long started = System.nanoTime();
        TickFactory ticks = new TickFactory(options.topic(), options.start(), options.eventTimeStep(),
                options.seed() == null ? new SplittableRandom() : new SplittableRandom(options.seed()));
        try (Producer<String, String> producer = new KafkaProducer<>(producerProperties(options.clientProperties()),
                new StringSerializer(), new StringSerializer())) {
            TickFactory.Counts counts = load(producer, ticks, options.count());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("Loaded %s in %d ms; event time %s to %s%n", counts, took.toMillis(),
                    options.start(), ticks.eventTime());
            return 0;
        }
        catch (IllegalStateException ex) {
            System.err.println(ex.getMessage());
            return 1;
        }
    }

    /**
     * Sends {@code count} ticks and waits until all are acknowledged.
     *
     * @return what was sent
     * @throws IllegalStateException if any send failed
     */
    public static TickFactory.Counts load(Producer<String, String> producer, TickFactory ticks, long count) {
        AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
        for (long i = 0; i < count && failure.get() == null; i++) {
            producer.send(ticks.next(), (metadata, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
        }
        producer.flush();
        Exception ex = failure.get();
        if (ex != null) {
            throw new IllegalStateException("loading ticks failed after " + ticks.counts().made() + " sent: " + ex,
                    ex);
        }
        return ticks.counts();
    }

    /** Producer settings for bulk loading: idempotent, batched, compressed; explicit client properties win. */
    static Map<String, Object> producerProperties(Map<String, Object> clientProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.putAll(clientProperties);
        return properties;
    }

    /** Outside Spring Boot nothing configures logging, and the Kafka clients would log every setting they use. */
    private static void quietLogging() {
        LoggingSystem logging = LoggingSystem.get(TickLoader.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
    }

    private static void createTopicIfMissing(Admin admin, String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get();
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic '" + topic + "': " + ex.getCause(), ex);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + topic + "'", ex);
        }
    }

    /**
     * The loader's command-line options.
     *
     * @param count how many ticks to send
     * @param topic the topic to send them to
     * @param bootstrapServers the broker
     * @param partitions the partition count when the topic has to be created
     * @param start the event time before the first in-order tick
     * @param eventTimeStep how far event time moves per in-order tick
     * @param seed the random seed, or {@code null} for a different stream each run
     * @param clientProperties the Kafka client properties (bootstrap servers and {@code --kafka.*})
     */
    public record Options(long count, String topic, String bootstrapServers, int partitions, Instant start,
            Duration eventTimeStep, @Nullable Long seed, Map<String, Object> clientProperties) {

        /** Parses {@code --name=value} arguments; {@code --generate} itself and Spring-style flags are ignored. */
        public static Options parse(String... args) {
            Map<String, String> values = new HashMap<>();
            Map<String, Object> client = new HashMap<>();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                if (!arg.startsWith("--") || equals < 0) {
                    continue;
                }
                String name = arg.substring(2, equals);
                String value = arg.substring(equals + 1);
                if (name.startsWith("kafka.")) {
                    client.put(name.substring("kafka.".length()), value);
                }
                else {
                    values.put(name, value);
                }
            }
            long count = positive(values, "count", "100000");
            int partitions = Math.toIntExact(positive(values, "partitions", "4"));
            Duration step;
            try {
                step = values.containsKey("event-time-step")
                        ? DurationStyle.detectAndParse(values.get("event-time-step"))
                        : TickFactory.DEFAULT_EVENT_TIME_STEP;
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("--event-time-step must be a duration, got '"
                        + values.get("event-time-step") + "'; set it to e.g. 100ms");
            }
            Instant start;
            try {
                start = values.containsKey("start") ? Instant.parse(values.get("start"))
                        : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            }
            catch (RuntimeException ex) {
                throw new IllegalArgumentException("--start must be an ISO-8601 instant, got '" + values.get("start")
                        + "'; set it to e.g. 2026-11-21T10:00:00Z");
            }
            Long seed = values.containsKey("seed") ? Long.valueOf(positive(values, "seed", "1")) : null;
            String bootstrapServers = values.getOrDefault("bootstrap-servers", "localhost:9092");
            client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return new Options(count, values.getOrDefault("topic", TickFactory.DEFAULT_TOPIC), bootstrapServers,
                    partitions, start, step, seed, Map.copyOf(client));
        }

        private static long positive(Map<String, String> values, String name, String defaultValue) {
            String value = values.getOrDefault(name, defaultValue);
            try {
                long parsed = Long.parseLong(value);
                if (parsed > 0) {
                    return parsed;
                }
            }
            catch (NumberFormatException ex) {
                // reported below
            }
            throw new IllegalArgumentException("--" + name + " must be a positive whole number, got '" + value
                    + "'; set it to e.g. --" + name + "=" + defaultValue);
        }
    }
}
