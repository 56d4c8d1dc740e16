package io.tributary.samples.stockticker.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Starts a single-node embedded KRaft broker when the {@code dev} profile is active and
 * {@code spring.kafka.bootstrap-servers} is not set, and points {@code spring.kafka.bootstrap-servers} at it.
 *
 * <p>An initializer rather than a bean because the address must be in the environment before Kafka
 * auto-configuration reads it. The broker is registered with the context as a disposable singleton, so it stops
 * after the context's lifecycle beans (the Tributary runtime among them) have committed and closed. Its data is
 * gone when it stops, so the state directory is also a fresh temporary one unless {@code tributary.state-dir} is
 * set: state left from an earlier run would describe topics that no longer exist. The broker accepts record
 * timestamps in the future, because the dev tick generator's event time runs ahead of the wall clock.
 */
public class DevBrokerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";

    /** The property source holding the embedded broker's address. */
    static final String PROPERTY_SOURCE = "devKafkaBroker";

    private static final Logger log = LoggerFactory.getLogger(DevBrokerInitializer.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!environment.acceptsProfiles(Profiles.of("dev")) || environment.containsProperty(BOOTSTRAP_SERVERS)) {
            return;
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                // the tick generator's event time runs ahead of the wall clock, and outputs carry event time
                "log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE)));
        // Not spring.kafka.bootstrap-servers, the default: as a system property it would outlive this context and
        // point the next dev-mode context in the JVM (a test's) at this broker once it has stopped.
        broker.brokerListProperty("stock-ticker.dev.kafka-brokers");
        broker.afterPropertiesSet();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(BOOTSTRAP_SERVERS, broker.getBrokersAsString());
        if (!environment.containsProperty("tributary.state-dir")) {
            properties.put("tributary.state-dir", freshStateDir());
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerSingleton("devKafkaBroker", broker);
            registry.registerDisposableBean("devKafkaBroker", broker::destroy);
        }
        log.info("Dev mode: embedded Kafka broker at {}, state in {}", broker.getBrokersAsString(),
                environment.getProperty("tributary.state-dir"));
    }

    private static String freshStateDir() {
        try {
            return Files.createTempDirectory("stock-ticker-dev-").toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create a temporary state directory for dev mode; "
                    + "set tributary.state-dir", ex);
        }
    }
}
