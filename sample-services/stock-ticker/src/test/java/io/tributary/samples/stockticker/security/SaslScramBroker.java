package io.tributary.samples.stockticker.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.awaitility.Awaitility.await;

/**
 * A single-node embedded KRaft broker with a SASL_PLAINTEXT listener, or with {@link TlsStores} a SASL_SSL one
 * (mutual TLS), that takes SCRAM-SHA-512 only, beside the PLAINTEXT listeners the broker and its controller use among
 * themselves.
 *
 * <p>The SCRAM user is created through the PLAINTEXT listener with {@code Admin#alterUserScramCredentials}; clients
 * of the SASL listener must authenticate as it. Not shared: one per test class, closed by it.
 */
final class SaslScramBroker implements AutoCloseable {

    static final String MECHANISM = "SCRAM-SHA-512";

    private static final String SASL_LISTENER = "SASL";

    private static final String PLAINTEXT_ADDRESS_PROPERTY = "tributary.test.scram-broker.plaintext";

    private final EmbeddedKafkaKraftBroker broker;
    private final String saslBootstrapServers;
    private final @Nullable TlsStores tls;

    private SaslScramBroker(EmbeddedKafkaKraftBroker broker, String saslBootstrapServers, @Nullable TlsStores tls) {
        this.broker = broker;
        this.saslBootstrapServers = saslBootstrapServers;
        this.tls = tls;
    }

    /** Starts the broker and returns once {@code user} can authenticate on the SASL listener with {@code password}. */
    static SaslScramBroker start(String user, String password) {
        return start(user, password, null);
    }

    /**
     * Starts the broker, its SASL listener over TLS when {@code tls} is given (its key store the broker's, clients
     * required to present a certificate the trust store's CA signed), and returns once {@code user} can authenticate
     * on it with {@code password}.
     */
    static SaslScramBroker start(String user, String password, @Nullable TlsStores tls) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> properties = new HashMap<>(Map.ofEntries(
                // EXTERNAL and CONTROLLER are the names the KRaft test kit gives its own listeners.
                Map.entry("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + SASL_LISTENER + "://localhost:0"),
                Map.entry("listener.security.protocol.map",
                        "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + SASL_LISTENER + ":"
                                + (tls == null ? "SASL_PLAINTEXT" : "SASL_SSL")),
                Map.entry("sasl.enabled.mechanisms", MECHANISM),
                Map.entry("listener.name.sasl.sasl.enabled.mechanisms", MECHANISM),
                Map.entry("listener.name.sasl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false")));
        if (tls != null) {
            String prefix = "listener.name.sasl.";
            properties.put(prefix + "ssl.keystore.location", tls.brokerKeyStore().toString());
            properties.put(prefix + "ssl.keystore.password", tls.brokerPassword());
            properties.put(prefix + "ssl.key.password", tls.brokerPassword());
            properties.put(prefix + "ssl.keystore.type", "PKCS12");
            properties.put(prefix + "ssl.truststore.location", tls.trustStore().toString());
            properties.put(prefix + "ssl.truststore.password", tls.trustPassword());
            properties.put(prefix + "ssl.truststore.type", "PKCS12");
            properties.put(prefix + "ssl.client.auth", "required");
        }
        broker.brokerProperties(properties);
        // Not spring.kafka.bootstrap-servers (the default): that system property would point the service under test
        // at the PLAINTEXT listener.
        broker.brokerListProperty(PLAINTEXT_ADDRESS_PROPERTY);
        broker.afterPropertiesSet();
        try {
            int port = broker.getCluster().brokers().values().iterator().next()
                    .boundPort(new ListenerName(SASL_LISTENER));
            SaslScramBroker started = new SaslScramBroker(broker, "localhost:" + port, tls);
            try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    broker.getBrokersAsString()))) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            // The credential reaches the broker's metadata cache shortly after the controller commits it.
            await("SCRAM user " + user + " accepted on " + started.saslBootstrapServers)
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        try (Admin sasl = Admin.create(started.clientProps(user, password))) {
                            return sasl.listTopics().names().get(5, TimeUnit.SECONDS) != null;
                        }
                    });
            return started;
        }
        catch (Exception ex) {
            broker.destroy();
            throw new IllegalStateException("could not start the SASL/SCRAM broker", ex);
        }
    }

    /** The SASL listener's address. */
    String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    /** Client settings for the SASL listener as {@code user}. */
    Map<String, Object> clientProps(String user, String password) {
        Map<String, Object> props = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                saslBootstrapServers,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls == null ? "SASL_PLAINTEXT" : "SASL_SSL",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password)));
        if (tls != null) {
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.trustStore().toString());
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.trustPassword());
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, tls.clientKeyStore().toString());
            props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, tls.clientPassword());
            props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, tls.clientPassword());
            props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        }
        return props;
    }

    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        broker.destroy();
        System.clearProperty(PLAINTEXT_ADDRESS_PROPERTY);
    }
}
