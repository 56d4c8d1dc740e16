package io.tributary.samples.stockticker.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone loader ({@code --generate}) against a real broker. */
@RealKafka
class TickLoaderIT {

    private static final int COUNT = 5_000;
    private static final String START = "2026-11-21T10:00:00Z";

    @Test
    void loadsExactlyTheRequestedTicksInOrderAndExits(KafkaBroker kafka) {
        String topic = kafka.uniqueTopic("stock_ticker_load");

        int status = TickLoader.run("--generate", "--count=" + COUNT, "--topic=" + topic,
                "--bootstrap-servers=" + kafka.bootstrapServers(), "--partitions=1", "--start=" + START,
                "--seed=11");

        assertThat(status).isZero();
        List<ConsumerRecord<String, String>> loaded = kafka.readAllCommitted(topic, COUNT, Duration.ofSeconds(60));
        assertThat(loaded).hasSize(COUNT);
        // The same seed replays the same stream; one partition keeps the order, the idempotent producer the count.
        TickFactory expected = new TickFactory(topic, Instant.parse(START), TickFactory.DEFAULT_EVENT_TIME_STEP,
                new SplittableRandom(11));
        List<String> expectedValues = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            ProducerRecord<String, String> tick = expected.next();
            expectedValues.add(tick.key() + " " + tick.value());
        }
        assertThat(loaded).extracting(record -> record.key() + " " + record.value())
                .containsExactlyElementsOf(expectedValues);
        TickFactory.Counts counts = expected.counts();
        assertThat(counts.duplicates()).isPositive();
        assertThat(counts.outOfOrder()).isPositive();
        assertThat(counts.late()).isPositive();
        assertThat(counts.malformed()).isPositive();
        // malformed ticks repeat by chance (they are short); duplicates are resends of well-formed ones
        List<String> wellFormed = loaded.stream().map(ConsumerRecord::value)
                .filter(value -> value.contains("timestamp")).toList();
        Set<String> distinct = new HashSet<>(wellFormed);
        assertThat(wellFormed.size() - distinct.size()).isEqualTo(counts.duplicates());
    }

    @Test
    void usesAnExistingTopicAsItIs(KafkaBroker kafka) {
        String topic = kafka.createUniqueTopic("stock_ticker_existing", 3);

        int status = TickLoader.run("--generate", "--count=300", "--topic=" + topic,
                "--bootstrap-servers=" + kafka.bootstrapServers(), "--partitions=1");

        assertThat(status).isZero();
        List<ConsumerRecord<String, String>> loaded = kafka.readAllCommitted(topic, 300, Duration.ofSeconds(60));
        assertThat(loaded).hasSize(300);
        assertThat(loaded).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2);
    }
}
