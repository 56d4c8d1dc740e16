package io.tributary.e2e.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.tributary.e2e.benchmark.ChildMain.JobSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling: one consumer and one producer copying every record, unparsed, to the same partition of the output
 * topic. With transactions, outputs and input offsets commit together every commit interval (100 ms), as Tributary
 * and Kafka Streams commit; without, the producer is flushed and offsets committed on the same interval. The client
 * settings are Tributary's (linger 5 ms, 128 KiB batches, idempotent, acks=all, read_committed), so the difference
 * to Tributary is its processing and state, not its client tuning.
 */
final class PlainPipe implements AutoCloseable {

    private final JobSpec spec;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    private PlainPipe(JobSpec spec) {
        this.spec = spec;
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, spec.app());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrap());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        if (spec.exactlyOnce()) {
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, spec.app() + "-pipe");
        }
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.producer = new KafkaProducer<>(producerProps);
        this.thread = new Thread(this::run, "pipe");
    }

    static PlainPipe start(JobSpec spec) {
        PlainPipe pipe = new PlainPipe(spec);
        pipe.thread.start();
        return pipe;
    }

    private void run() {
        boolean exactlyOnce = spec.exactlyOnce();
        long intervalMillis = ChildMain.commitInterval().toMillis();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        boolean inTransaction = false;
        long lastCommit = System.currentTimeMillis();
        try {
            if (exactlyOnce) {
                producer.initTransactions();
            }
            consumer.subscribe(java.util.List.of(spec.input()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(intervalMillis));
                if (!records.isEmpty() && exactlyOnce && !inTransaction) {
                    producer.beginTransaction();
                    inTransaction = true;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(spec.output(), record.partition(), record.timestamp(),
                            record.key(), record.value()));
                    offsets.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
                long now = System.currentTimeMillis();
                if (!offsets.isEmpty() && now - lastCommit >= intervalMillis) {
                    commit(offsets, exactlyOnce);
                    inTransaction = false;
                    lastCommit = now;
                }
            }
            if (!offsets.isEmpty()) {
                commit(offsets, exactlyOnce);
            }
        }
        catch (WakeupException ex) {
            // closing
        }
        finally {
            consumer.close();
            producer.close();
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets, boolean exactlyOnce) {
        if (exactlyOnce) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        }
        else {
            producer.flush();
            consumer.commitSync(offsets);
        }
        offsets.clear();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
