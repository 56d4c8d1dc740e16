package io.tributary.testing.broker;

import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one broker of a test JVM and what it takes to stop it.
 *
 * <p>Exists so that the extension can keep a single {@link AutoCloseable} in JUnit's root store: JUnit closes it
 * after the last test, which stops the shared clients first and the broker after them.
 */
final class SharedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedBroker.class);

    /**
     * Broker settings for a single broker on which transactions and consumer groups work at once, and which creates
     * no topic on first use, so tests create theirs explicitly. One partition for the offsets and transaction logs
     * (as the Testcontainers image has) spares creating 50 of each on first use.
     */
    static final Map<String, String> EMBEDDED_BROKER_PROPERTIES = Map.of(
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1",
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false");

    private final KafkaBroker broker;
    private final AutoCloseable stopper;

    private SharedBroker(KafkaBroker broker, AutoCloseable stopper) {
        this.broker = broker;
        this.stopper = stopper;
    }

    KafkaBroker broker() {
        return broker;
    }

    /** Starts the broker the choice names; falls back from a failing container to embedded where allowed. */
    static SharedBroker start(BrokerChoice choice) {
        log.info("Starting the shared Kafka broker for the tests: {}", choice);
        switch (choice.kind()) {
            case EMBEDDED -> {
                return startEmbedded();
            }
            case TESTCONTAINERS -> {
                try {
                    return startContainer(choice.image());
                }
                catch (RuntimeException ex) {
                    if (!choice.fallBackToEmbedded()) {
                        throw new IllegalStateException("Could not start Kafka container " + choice.image()
                                + "; pass -D" + BrokerChoice.PROPERTY + "=embedded to use the embedded broker", ex);
                    }
                    log.warn("Could not start Kafka container {} ({}); falling back to the embedded KRaft broker",
                            choice.image(), ex.toString());
                    return startEmbedded();
                }
            }
            default -> throw new IllegalStateException("No broker to start for " + choice);
        }
    }

    private static SharedBroker startEmbedded() {
        long started = System.nanoTime();
        EmbeddedKafkaKraftBroker embedded = new EmbeddedKafkaKraftBroker(1, 1);
        embedded.brokerProperties(EMBEDDED_BROKER_PROPERTIES);
        // Not spring.kafka.bootstrap-servers, the default: that system property would point every Spring Boot
        // context of the test JVM at this broker, including a dev-mode one meant to start its own.
        embedded.brokerListProperty("tributary.test.broker.bootstrap-servers");
        KafkaBroker broker;
        try {
            embedded.afterPropertiesSet();
            broker = new KafkaBroker(KafkaBroker.EMBEDDED, embedded.getBrokersAsString());
        }
        catch (RuntimeException | LinkageError ex) {
            // Its non-daemon threads would keep the test JVM alive.
            try {
                embedded.destroy();
            }
            catch (RuntimeException stopFailure) {
                ex.addSuppressed(stopFailure);
            }
            throw ex;
        }
        log.info("Embedded KRaft broker up at {} in {} ms", broker.bootstrapServers(), elapsedMillis(started));
        return new SharedBroker(broker, embedded::destroy);
    }

    private static SharedBroker startContainer(String image) {
        long started = System.nanoTime();
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withStartupTimeout(Duration.ofMinutes(2));
        try {
            container.start();
        }
        catch (RuntimeException ex) {
            container.close();
            throw ex;
        }
        KafkaBroker broker = new KafkaBroker(KafkaBroker.TESTCONTAINERS, container.getBootstrapServers());
        log.info("Kafka container {} up at {} in {} ms", image, broker.bootstrapServers(), elapsedMillis(started));
        return new SharedBroker(broker, container::stop);
    }

    private static long elapsedMillis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    @Override
    public void close() throws Exception {
        log.info("Stopping the shared Kafka broker {}", broker);
        try {
            broker.closeClients();
        }
        finally {
            stopper.close();
        }
    }
}
