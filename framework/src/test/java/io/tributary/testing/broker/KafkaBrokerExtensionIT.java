package io.tributary.testing.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RealKafka
class KafkaBrokerExtensionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static @Nullable KafkaBroker fromBeforeAll;

    private final KafkaBroker fromConstructor;

    KafkaBrokerExtensionIT(KafkaBroker broker) {
        this.fromConstructor = broker;
    }

    @BeforeAll
    static void rememberBroker(KafkaBroker broker) {
        fromBeforeAll = broker;
    }

    @Test
    void reportsWhichBrokerItIs(KafkaBroker broker) {
        assertThat(broker.kind()).isIn(KafkaBroker.EMBEDDED, KafkaBroker.TESTCONTAINERS);
        assertThat(broker.bootstrapServers()).contains(":");
        if (KafkaBroker.EMBEDDED.equals(System.getProperty(BrokerChoice.PROPERTY))) {
            assertThat(broker.kind()).isEqualTo(KafkaBroker.EMBEDDED);
        }
    }

    @Test
    void roundTripsRecordsThroughTheBroker(KafkaBroker broker) {
        String topic = broker.createUniqueTopic("round-trip", 2);
        Instant eventTime = Instant.parse("2026-01-02T03:04:05.678Z");

        broker.produce(topic, "k1", "v1");
        broker.produce(topic, "k2", "v2", eventTime);
        broker.produceAll(topic, List.of(Map.entry("k3", "v3"), Map.entry("k4", "v4")));

        List<ConsumerRecord<String, String>> read = broker.readAllCommitted(topic, 4, TIMEOUT);

        assertThat(read).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(
                        tuple("k1", "v1"), tuple("k2", "v2"), tuple("k3", "v3"), tuple("k4", "v4"));
        assertThat(read).filteredOn(record -> "k2".equals(record.key()))
                .singleElement()
                .extracting(ConsumerRecord::timestamp)
                .isEqualTo(eventTime.toEpochMilli());
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsOnly(KafkaBroker broker) {
        String topic = broker.createUniqueTopic("transactions", 1);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(broker.transactionalProducerProps(broker.uniqueTopic("tx")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        assertThat(broker.readAllCommitted(topic, 1, TIMEOUT))
                .extracting(ConsumerRecord::value)
                .containsExactly("committed");
        assertThat(broker.readToEnd(topic, TIMEOUT))
                .extracting(ConsumerRecord::value)
                .containsExactly("committed");
    }

    @Test
    void readAllCommittedReturnsWhatItReadWhenTheDeadlinePasses(KafkaBroker broker) {
        String topic = broker.createUniqueTopic("short", 1);
        broker.produce(topic, "only", "one");
        assertThat(broker.readAllCommitted(topic, 1, TIMEOUT)).hasSize(1);

        assertThat(broker.readAllCommitted(topic, 2, Duration.ofSeconds(2)))
                .extracting(ConsumerRecord::value)
                .containsExactly("one");
    }

    @Test
    void uniqueTopicNamesDifferAndRejectIllegalPrefixes(KafkaBroker broker) {
        assertThat(broker.uniqueTopic("orders")).startsWith("orders-").isNotEqualTo(broker.uniqueTopic("orders"));
        assertThatIllegalArgumentException().isThrownBy(() -> broker.uniqueTopic("no spaces"))
                .withMessageContaining("no spaces");
    }

    @Test
    void handsTheSameBrokerToEveryMethod(KafkaBroker broker) {
        assertThat(broker).isSameAs(fromBeforeAll).isSameAs(fromConstructor);
    }

    @Test
    void handsTheSameBrokerToAnotherMethod(KafkaBroker broker) {
        assertThat(broker).isSameAs(fromBeforeAll).isSameAs(fromConstructor);
    }

}
