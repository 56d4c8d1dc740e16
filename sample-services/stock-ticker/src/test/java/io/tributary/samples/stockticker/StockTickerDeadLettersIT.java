package io.tributary.samples.stockticker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.api.ProcessorStatus;
import io.tributary.autoconfigure.TributaryLifecycle;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tick whose {@code price} is not a number passes the dedup and is dead-lettered by each windowed pipeline on its
 * own: two copies in {@code stock_ticker_dlt}, told apart by {@code tributary-processor}; a late one is not priced, so
 * it goes to {@code stock_ticker_late} instead. On a broker of its own, so that no other test's ticks move the
 * watermark of {@code stock_ticker}.
 */
class StockTickerDeadLettersIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String DEAD_LETTERS = "stock_ticker_dlt";

    @TempDir
    static Path stateDir;

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void startBrokerAndService() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        // Not spring.kafka.bootstrap-servers, the default: that system property would outlive this class.
        broker.brokerListProperty("stock-ticker.dead-letters-it.brokers");
        broker.afterPropertiesSet();
        app = new SpringApplicationBuilder(StockTickerApplication.class)
                .properties("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "server.port=0",
                        "tributary.state-dir=" + stateDir)
                .run("--ticker.pipelines=dedup,tumbling,sliding");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void eachWindowedPipelineDeadLettersANonNumericPriceNamingItselfUnlessTheTickIsLate() {
        String bad = tick("BADP", "\"n/a\"", "10:00:00");
        send(bad);

        List<ConsumerRecord<String, String>> copies = await("both windowed pipelines dead-letter the tick")
                .atMost(PATIENCE).until(() -> read(DEAD_LETTERS, "BADP"), records -> records.size() >= 2);
        assertThat(copies).extracting(record -> header(record, "tributary-processor"))
                .containsExactlyInAnyOrder("tumbling", "sliding");
        assertThat(copies).allSatisfy(record -> {
            assertThat(record.value()).isEqualTo(bad);
            assertThat(header(record, "tributary-dlt-reason")).isEqualTo("processing-error");
            assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("stock_ticker_dedup");
            assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                    .contains("max(price) needs a number in field 'price'");
        });
        assertThat(copies.get(0).headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
                .as("one record of stock_ticker_dedup, dead-lettered by two pipelines")
                .isEqualTo(copies.get(1).headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value());

        // A tick at 10:18:30 moves the watermark to 10:15:30, past the end of every window of a tick at 10:09 (the
        // last is the sliding [10:05, 10:15)), yet not past the dedup's memory of it (10:19), so the dedup passes it.
        send(tick("BADP", "101", "10:18:30"));
        String late = tick("BADP", "\"n/a\"", "10:09:00");
        send(late);
        await("the late tick on stock_ticker_late").atMost(PATIENCE)
                .until(() -> read("stock_ticker_late", "BADP"), records -> records.size() == 1);
        await("the sliding pipeline has read it too").atMost(PATIENCE)
                .until(() -> status("sliding").recordsIn() >= 3);
        assertThat(read(DEAD_LETTERS, "BADP")).extracting(ConsumerRecord::value).containsExactly(bad, bad);
        assertThat(read("stock_ticker_late", "BADP")).extracting(ConsumerRecord::value).containsExactly(late);
    }

    private static ProcessorStatus status(String processor) {
        return app.getBean(TributaryLifecycle.class).status().get(processor);
    }

    private static void send(String tick) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("stock_ticker", "BADP", tick));
        }
    }

    /** The committed records of {@code topic} keyed {@code key}, from the beginning to the current end. */
    private static List<ConsumerRecord<String, String>> read(String topic, String key) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letters-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        records.add(record);
                    }
                });
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String tick(String symbol, String price, String time) {
        return "{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"timestamp\":\"2026-11-21T" + time + "Z\"}";
    }
}
