package io.tributary.e2e.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The benchmark's broker in a JVM of its own (so its memory and threads are not counted against a system): one
 * embedded KRaft broker from spring-kafka-test, configured as the integration tests' broker plus unlimited retention
 * and timestamps (ticks carry their event time). Prints {@code BOOTSTRAP <servers>} when it is up and stops when a
 * line arrives on standard input or the input closes.
 */
public final class BrokerMain {

    static final String READY_PREFIX = "BOOTSTRAP ";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "1",
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false",
                "log.retention.ms", "-1",
                "log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE)));
        broker.afterPropertiesSet();
        System.out.println(READY_PREFIX + broker.getBrokersAsString());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        broker.destroy();
        System.exit(0);
    }
}
