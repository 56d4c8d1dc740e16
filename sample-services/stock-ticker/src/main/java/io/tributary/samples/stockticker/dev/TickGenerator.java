package io.tributary.samples.stockticker.dev;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.tributary.api.ProcessorStatus;
import io.tributary.autoconfigure.TributaryLifecycle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Dev-mode source of ticks on {@code stock_ticker}: ten symbols with random-walk prices, one tick every few
 * milliseconds, with event time running 20x faster than the wall clock so windows close while you watch. About 5%
 * are resent duplicates, 5% arrive out of order (within the 3-minute bound), 0.5% too late for their window and
 * 0.5% are malformed. Logs a one-line summary every 5 seconds.
 *
 * <p>Starts when the application is ready (the runtime has created the topics by then); its own single thread
 * produces and logs, and is stopped, with the producer, when the context closes.
 */
@Component
@Profile("dev")
public class TickGenerator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TickGenerator.class);

    private static final String TOPIC = "stock_ticker";

    /** Event time advanced per tick: at one tick every 5 ms, 20 seconds of event time per wall-clock second. */
    private static final Duration EVENT_TIME_STEP = Duration.ofMillis(100);

    private static final List<Company> COMPANIES = List.of(
            new Company("AAPL", "Apple Inc", 164_000, 190),
            new Company("AMZN", "Amazon.com Inc", 1_525_000, 187),
            new Company("GOOGL", "Alphabet Inc", 182_502, 172),
            new Company("MSFT", "Microsoft Corp", 228_000, 415),
            new Company("META", "Meta Platforms Inc", 67_317, 505),
            new Company("NVDA", "NVIDIA Corp", 29_600, 880),
            new Company("TSLA", "Tesla Inc", 140_473, 175),
            new Company("NFLX", "Netflix Inc", 13_000, 610),
            new Company("ORCL", "Oracle Corp", 159_000, 125),
            new Company("IBM", "International Business Machines Corp", 282_200, 185));

    private final KafkaProperties kafkaProperties;
    private final TributaryLifecycle tributary;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tick-generator");
        thread.setDaemon(true);
        return thread;
    });

    // Touched only by the executor's single thread.
    private final int[] prices = COMPANIES.stream().mapToInt(Company::price).toArray();
    private final Deque<ProducerRecord<String, String>> recent = new ArrayDeque<>();
    private Instant eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private long produced;
    private long duplicates;
    private long outOfOrder;
    private long malformed;
    private @Nullable Producer<String, String> producer;

    public TickGenerator(KafkaProperties kafkaProperties, TributaryLifecycle tributary) {
        this.kafkaProperties = kafkaProperties;
        this.tributary = tributary;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        producer = new KafkaProducer<>(kafkaProperties.buildProducerProperties(), new StringSerializer(),
                new StringSerializer());
        executor.scheduleAtFixedRate(this::tick, 0, 5, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(this::logSummary, 5, 5, TimeUnit.SECONDS);
        log.info("Generating ticks for {} symbols on '{}'", COMPANIES.size(), TOPIC);
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void tick() {
        Producer<String, String> producer = this.producer;
        if (producer == null) {
            return;
        }
        try {
            ProducerRecord<String, String> record = nextRecord();
            producer.send(record, (metadata, ex) -> {
                if (ex != null) {
                    log.warn("Could not send tick: {}", ex.toString());
                }
            });
            produced++;
        }
        catch (RuntimeException ex) {
            // a failed tick must not cancel the schedule
            log.warn("Tick generation failed: {}", ex.toString());
        }
    }

    private ProducerRecord<String, String> nextRecord() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        double dice = random.nextDouble();
        if (dice < 0.05 && !recent.isEmpty()) {
            duplicates++;
            return recent.stream().skip(random.nextInt(recent.size())).findFirst().orElseThrow();
        }
        int index = random.nextInt(COMPANIES.size());
        Company company = COMPANIES.get(index);
        if (dice < 0.055) {
            malformed++;
            String value = random.nextBoolean()
                    ? "{\"symbol\":\"" + company.symbol() + "\",\"price\":"
                    : "{\"symbol\":\"" + company.symbol() + "\",\"price\":" + prices[index] + "}";
            return new ProducerRecord<>(TOPIC, company.symbol(), value);
        }
        eventTime = eventTime.plus(EVENT_TIME_STEP);
        Instant timestamp = eventTime;
        if (dice < 0.105) {
            outOfOrder++;
            // odd milliseconds never collide with the 100 ms grid of in-order ticks, so these are no duplicates
            timestamp = eventTime.minusSeconds(random.nextLong(1, 170)).minusMillis(random.nextLong(1, 100));
        }
        else if (dice < 0.11) {
            outOfOrder++;
            timestamp = eventTime.minusSeconds(random.nextLong(300, 480)).minusMillis(random.nextLong(1, 100));
        }
        prices[index] = Math.max(1, prices[index] + random.nextInt(-2, 3));
        String value = "{\"symbol\":\"" + company.symbol() + "\",\"price\":" + prices[index] + ",\"timestamp\":\""
                + timestamp + "\",\"company_info\":{\"name\":\"" + company.name() + "\",\"employees_count\":"
                + company.employees() + "}}";
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, company.symbol(), value);
        recent.addLast(record);
        if (recent.size() > 50) {
            recent.removeFirst();
        }
        return record;
    }

    private void logSummary() {
        Map<String, ProcessorStatus> status = tributary.status();
        ProcessorStatus dedupStatus = status.get("dedup");
        String pipeline = dedupStatus == null ? "dedup not running"
                : "dedup in=" + dedupStatus.recordsIn() + " out=" + dedupStatus.recordsOut() + " dead-lettered="
                        + dedupStatus.deadLettered() + " duplicates-dropped="
                        + dedupStatus.duplicatesDropped()
                        + (dedupStatus.failure() != null ? " FAILED: " + dedupStatus.failure() : "");
        log.info("Ticks produced={} (duplicates={}, out-of-order={}, malformed={}), event time {} | {}", produced,
                duplicates, outOfOrder, malformed, eventTime, pipeline);
    }

    private record Company(String symbol, String name, int employees, int price) {
    }
}
