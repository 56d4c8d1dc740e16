package io.tributary.samples.stockticker.dashboard;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.samples.stockticker.dashboard.DashboardSnapshot.WindowResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the latest window results per symbol for the live page, read from the window outputs
 * ({@code stock_max_price_tumbling}, {@code stock_max_price_sliding}) by a plain {@code read_committed} consumer, as any
 * client of the service would read them.
 *
 * <p>The consumer has no group: it is assigned every partition of the topics that exist when the application is
 * ready, and starts a little before their ends, so a page opened against a long-running topic fills at once without
 * replaying it. At most {@code ticker.dashboard.results-per-symbol} results (20 by default) are kept per window kind
 * and symbol; a late update of a window replaces its earlier result. Results that do not parse are skipped. The
 * consumer runs on its own thread, stopped when the context closes; {@link #latest()} may be called from any thread.
 */
@Component
@ConditionalOnBooleanProperty("ticker.dashboard.enabled")
public class WindowResultsListener implements DisposableBean {

    /** Window kind by output topic. */
    static final Map<String, String> TOPICS = Map.of(
            "stock_max_price_tumbling", "tumbling",
            "stock_max_price_sliding", "sliding");

    /** How many records per partition before the end to start from. */
    private static final int REPLAY_PER_PARTITION = 500;

    private static final Logger log = LoggerFactory.getLogger(WindowResultsListener.class);

    private final KafkaProperties kafkaProperties;
    private final int perSymbol;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Thread thread = new Thread(this::run, "dashboard-window-results");
    // Guarded by this.
    private final Map<String, Map<String, Deque<WindowResult>>> latest = new TreeMap<>();
    private volatile @Nullable KafkaConsumer<String, String> consumer;
    private volatile boolean stopped;

    public WindowResultsListener(KafkaProperties kafkaProperties,
            @Value("${ticker.dashboard.results-per-symbol:20}") int perSymbol) {
        if (perSymbol < 1) {
            throw new IllegalArgumentException(
                    "ticker.dashboard.results-per-symbol must be positive, got " + perSymbol + "; set it to e.g. 20");
        }
        this.kafkaProperties = kafkaProperties;
        this.perSymbol = perSymbol;
        thread.setDaemon(true);
    }

    /** Starts reading once the runtime has created the output topics. */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        thread.start();
    }

    @Override
    public void destroy() throws InterruptedException {
        stopped = true;
        KafkaConsumer<String, String> consumer = this.consumer;
        if (consumer != null) {
            consumer.wakeup();
        }
        thread.join(Duration.ofSeconds(5).toMillis());
    }

    /** The latest results by window kind, then symbol (both sorted), oldest first; a copy. */
    public synchronized Map<String, Map<String, List<WindowResult>>> latest() {
        Map<String, Map<String, List<WindowResult>>> copy = new LinkedHashMap<>();
        latest.forEach((kind, bySymbol) -> {
            Map<String, List<WindowResult>> symbols = new LinkedHashMap<>();
            bySymbol.forEach((symbol, results) -> symbols.put(symbol, List.copyOf(results)));
            copy.put(kind, symbols);
        });
        return copy;
    }

    /** Adds one output record's value; skips it when it is not a window result. */
    synchronized void add(String kind, String value) {
        JsonNode node = parse(value);
        if (node == null) {
            return;
        }
        WindowResult result = new WindowResult(node.get("window_start").asString(), node.get("window_end").asString(),
                node.get("max_price").asLong(), node.path("count").asLong());
        Deque<WindowResult> results = latest.computeIfAbsent(kind, k -> new TreeMap<>())
                .computeIfAbsent(node.get("symbol").asString(), s -> new ArrayDeque<>());
        if (!results.isEmpty() && results.peekLast().windowStart().equals(result.windowStart())) {
            results.removeLast();
        }
        results.addLast(result);
        while (results.size() > perSymbol) {
            results.removeFirst();
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new StringDeserializer())) {
            this.consumer = consumer;
            if (stopped) {
                return;
            }
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            consumer.endOffsets(partitions).forEach((partition, end) -> consumer.seek(partition,
                    Math.max(beginnings.getOrDefault(partition, 0L), end - REPLAY_PER_PARTITION)));
            log.info("Live page reads window results from {}", partitions);
            while (!stopped) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        add(TOPICS.get(record.topic()), record.value());
                    }
                }
            }
        }
        catch (WakeupException ex) {
            // destroy() woke the consumer to stop it
        }
        catch (RuntimeException ex) {
            log.warn("Live page stopped reading window results: {}", ex.toString());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : new TreeMap<>(TOPICS).keySet()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                log.info("Live page: no topic '{}' (pipeline not running), its windows stay empty", topic);
                continue;
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = kafkaProperties.buildConsumerProperties();
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "stock-ticker-dashboard");
        return properties;
    }

    private @Nullable JsonNode parse(String value) {
        try {
            JsonNode node = json.readTree(value);
            boolean complete = node.hasNonNull("symbol") && node.hasNonNull("window_start")
                    && node.hasNonNull("window_end") && node.hasNonNull("max_price");
            return complete ? node : null;
        }
        catch (JacksonException ex) {
            return null;
        }
    }
}
