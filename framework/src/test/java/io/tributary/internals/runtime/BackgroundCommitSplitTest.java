package io.tributary.internals.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.internals.engine.ProcessorMetrics;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A background commit: the offsets join the transaction with the group metadata read when the commit started, then
 * the commit itself runs; the records held meanwhile are bounded.
 */
class BackgroundCommitSplitTest {

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final ThreadClients clients = new ThreadClients(() -> producer, "client", List.of(), true);

    @Test
    void theOffsetsAreSentWithTheGroupMetadataGivenBeforeTheCommitRuns() {
        ConsumerGroupMetadata generation7 = new ConsumerGroupMetadata("group", 7, "member-1", java.util.Optional.empty());
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(42));

        clients.sendOffsets(offsets, generation7);

        assertThat(producer.sentOffsets()).isTrue();
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.uncommittedOffsets()).isEqualTo(Map.of("group", offsets));

        clients.commitOffsetsSent();

        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(Map.of("group", offsets));
    }

    @Test
    void recordsHeldWhileACommitRunsAreBoundedAndSentInTheNextTransaction() {
        KafkaRecordSink sink = new KafkaRecordSink(clients, new ProcessorMetrics(), () -> Instant.EPOCH, Set.of(), 3);
        sink.holdSends();
        for (int i = 0; i < 2; i++) {
            sink.send("out", null, null, new byte[] {(byte) i}, 0, null);
        }
        assertThat(sink.holdingFull()).isFalse();

        sink.send("out", null, null, new byte[] {2}, 0, null);

        assertThat(sink.holdingFull()).isTrue();
        assertThat(producer.uncommittedRecords()).isEmpty();
        sink.releaseHeld();
        assertThat(sink.holdingFull()).isFalse();
        assertThat(producer.uncommittedRecords()).hasSize(3);
    }
}
