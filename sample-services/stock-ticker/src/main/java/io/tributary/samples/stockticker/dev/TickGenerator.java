package io.tributary.samples.stockticker.dev;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tributary.api.ProcessorStatus;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.samples.stockticker.generator.TickFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Dev-mode source of ticks on {@code stock_ticker}: one tick from a {@link TickFactory} every 5 ms, with event
 * time advancing {@code ticker.generator.event-time-step} (100 ms by default) per tick, so event time runs 20x faster
 * than the wall clock and windows close while you watch. Logs a one-line summary every 5 seconds.
 *
 * <p>Starts when the application is ready (the runtime has created the topics by then); its own single thread
 * produces and logs, and is stopped, with the producer, when the context closes. {@code ticker.generator.enabled=false}
 * leaves it out, for a dev run against a broker whose {@code stock_ticker} is fed from elsewhere.
 */
@Component
@Profile("dev")
@ConditionalOnBooleanProperty(name = "ticker.generator.enabled", matchIfMissing = true)
public class TickGenerator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TickGenerator.class);

    private final KafkaProperties kafkaProperties;
    private final TributaryLifecycle tributary;
    // Touched only by the executor's single thread.
    private final TickFactory ticks;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tick-generator");
        thread.setDaemon(true);
        return thread;
    });
    private volatile @Nullable Producer<String, String> producer;

    public TickGenerator(KafkaProperties kafkaProperties, TributaryLifecycle tributary,
            @Value("${ticker.generator.event-time-step:100ms}") Duration eventTimeStep) {
        this.kafkaProperties = kafkaProperties;
        this.tributary = tributary;
        this.ticks = new TickFactory(TickFactory.DEFAULT_TOPIC, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                eventTimeStep, new SplittableRandom());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        producer = new KafkaProducer<>(kafkaProperties.buildProducerProperties(), new StringSerializer(),
                new StringSerializer());
        executor.scheduleAtFixedRate(this::tick, 0, 5, TimeUnit.MILLISECONDS);
        executor.scheduleAtFixedRate(this::logSummary, 5, 5, TimeUnit.SECONDS);
        log.info("Generating ticks for {} on '{}'", TickFactory.symbols(), TickFactory.DEFAULT_TOPIC);
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        Producer<String, String> producer = this.producer;
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
            ProducerRecord<String, String> record = ticks.next();
            producer.send(record, (metadata, ex) -> {
                if (ex != null) {
                    log.warn("Could not send tick: {}", ex.toString());
                }
            });
        }
        catch (RuntimeException ex) {
            // a failed tick must not cancel the schedule
            log.warn("Tick generation failed: {}", ex.toString());
        }
    }

    private void logSummary() {
        log.info("Ticks produced={}, event time {} | {}", ticks.counts(), ticks.eventTime(),
                summary(tributary.status()));
    }

    /**
     * One clause per pipeline that runs, in the contract's order: dedup, tumbling with its late ticks, sliding,
     * enrich; "no pipeline running" when none does.
     */
    static String summary(Map<String, ProcessorStatus> status) {
        List<String> clauses = new ArrayList<>();
        ProcessorStatus dedup = status.get("dedup");
        if (dedup != null) {
            clauses.add("dedup in=" + dedup.recordsIn() + " out=" + dedup.recordsOut() + " dead-lettered="
                    + dedup.deadLettered() + " duplicates-dropped=" + dedup.duplicatesDropped() + failed(dedup));
        }
        ProcessorStatus tumbling = status.get("tumbling");
        if (tumbling != null) {
            clauses.add("tumbling windows=" + tumbling.recordsOut() + " late=" + tumbling.recordsLate()
                    + failed(tumbling));
        }
        ProcessorStatus sliding = status.get("sliding");
        if (sliding != null) {
            clauses.add("sliding windows=" + sliding.recordsOut() + failed(sliding));
        }
        ProcessorStatus enrich = status.get("enrich");
        if (enrich != null) {
            ProcessorStatus.EnrichmentStats enrichment = enrich.enrichment();
            clauses.add("enrich out=" + enrich.recordsOut() + " in-flight=" + enrichment.inFlight() + " retried="
                    + enrichment.retried() + " failed=" + enrichment.failed() + " circuit-open="
                    + enrichment.circuitOpen() + failed(enrich));
        }
        return clauses.isEmpty() ? "no pipeline running" : String.join(" | ", clauses);
    }

    private static String failed(ProcessorStatus processor) {
        return processor.failure() != null ? " FAILED: " + processor.failure() : "";
    }
}
