package io.tributary.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tributary.api.ProcessorOverrides;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.availability.TributaryReadinessPublisher;
import io.tributary.state.RocksDbSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the Tributary runtime: a {@link TributaryConfig} from {@code tributary.*} and Spring Boot's
 * Kafka connection settings, and a {@link TributaryLifecycle} that runs every processor of the application in one
 * {@link Tributary} while the context runs.
 *
 * <p>With Spring Boot's application availability, a {@link TributaryReadinessPublisher} refuses traffic while
 * processors restore state. Every bean backs off when the application defines its own. Invalid settings fail
 * start-up with a message naming the property and the fix.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class })
@ConditionalOnClass(Tributary.class)
@EnableConfigurationProperties({ TributaryProperties.class, KafkaProperties.class })
public final class TributaryAutoConfiguration {

    /**
     * Settings every Kafka client type understands (connection, security, timeouts); consumer- or producer-only
     * settings of {@code spring.kafka.consumer.*} stay with the application's own clients.
     */
    private static final Set<String> COMMON_CLIENT_SETTINGS = AdminClientConfig.configNames();

    /**
     * Prefixes by which {@code spring.kafka.properties.*} target one type of Tributary's clients (e.g.
     * {@code spring.kafka.properties[consumer.session.timeout.ms]=6000}), as {@link TributaryConfig} reads them.
     */
    private static final Set<String> CLIENT_TYPE_PREFIXES = Set.of("consumer.", "producer.", "admin.");

    /**
     * Kafka client settings of any client type: {@code spring.kafka.properties.*} are Spring Boot's "common to all
     * clients" settings, so these reach Tributary's clients as they reach the application's, each client type taking
     * the ones it knows (an unprefixed {@code session.timeout.ms} reaches the consumers only).
     */
    private static final Set<String> CLIENT_SETTINGS = clientSettings();

    /** Named by Tributary per processor and thread: one shared value would clash. */
    private static final Set<String> NAMED_BY_TRIBUTARY = Set.of(CommonClientConfigs.CLIENT_ID_CONFIG,
            CommonClientConfigs.GROUP_ID_CONFIG);

    private static final String GROUP_INSTANCE_ID = "group.instance.id";

    @Bean
    @ConditionalOnMissingBean
    TributaryConfig tributaryConfig(TributaryProperties properties, KafkaProperties kafkaProperties,
            ObjectProvider<KafkaConnectionDetails> connectionDetails, ObjectProvider<TributaryConfigCustomizer> customizers,
            Environment environment) {
        String applicationId = properties.getApplicationId() != null ? properties.getApplicationId()
                : environment.getProperty("spring.application.name", "tributary");
        TributaryConfig.Builder builder = TributaryConfig.builder(applicationId)
                .kafkaProperties(commonKafkaProperties(kafkaProperties, connectionDetails.getIfAvailable()))
                .stateDir(properties.getStateDir())
                .stateBackend(properties.getStateBackend())
                .rocksDb(rocksDbSettings(properties.getRocksdb()))
                .guarantee(properties.getProcessingGuarantee())
                .commitInterval(properties.getCommitInterval())
                .threadsPerProcessor(properties.getThreads())
                .defaultPartitions(properties.getDefaultPartitions())
                .staticMembership(properties.getStaticMembership().isEnabled())
                .leaveGroupOnClose(properties.getStaticMembership().isLeaveGroupOnClose())
                .propagatedHeaders(properties.getPropagatedHeaders());
        if (properties.getInstanceId() != null) {
            builder.instanceId(properties.getInstanceId());
        }
        if (properties.getAdvertisedUrl() != null) {
            builder.advertisedUrl(properties.getAdvertisedUrl());
        }
        properties.getProcessors().forEach((name, processor) -> builder.processorOverrides(name,
                new ProcessorOverrides(processor.isEnabled(), processor.getThreads(), processor.getCommitInterval(),
                        processor.getProcessingGuarantee())));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    TributaryLifecycle tributaryLifecycle(TributaryConfig config, ApplicationContext context) {
        return new TributaryLifecycle(config, context);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ApplicationAvailability.class)
    static class ReadinessConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TributaryReadinessPublisher tributaryReadinessPublisher(TributaryLifecycle lifecycle,
                ApplicationAvailability availability, ApplicationEventPublisher publisher) {
            return new TributaryReadinessPublisher(lifecycle::status, availability, publisher,
                    TributaryReadinessPublisher.DEFAULT_INTERVAL, TributaryLifecycle.PHASE + 1);
        }
    }

    private static Map<String, Object> commonKafkaProperties(KafkaProperties kafkaProperties,
            @Nullable KafkaConnectionDetails connectionDetails) {
        Map<String, Object> common = new LinkedHashMap<>();
        kafkaProperties.buildConsumerProperties().forEach((name, value) -> {
            // Tributary names its own clients; one shared client.id would clash in JMX and quotas.
            if (COMMON_CLIENT_SETTINGS.contains(name) && !CommonClientConfigs.CLIENT_ID_CONFIG.equals(name)) {
                common.put(name, value);
            }
        });
        kafkaProperties.getProperties().forEach((name, value) -> {
            if (GROUP_INSTANCE_ID.equals(name)) {
                // Set for every client, it would reach no Tributary consumer, or all with one id; fail instead.
                throw new IllegalArgumentException("spring.kafka.properties.group.instance.id must not be set (got '"
                        + value + "'): every consumer needs its own; remove it and set "
                        + "tributary.static-membership.enabled=true, which gives each of Tributary's consumers "
                        + "<instance-id>-<processor>-<thread>");
            }
            if (CLIENT_TYPE_PREFIXES.stream().anyMatch(name::startsWith)
                    || (CLIENT_SETTINGS.contains(name) && !NAMED_BY_TRIBUTARY.contains(name))) {
                common.put(name, value);
            }
        });
        if (connectionDetails != null) {
            common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    String.join(",", connectionDetails.getBootstrapServers()));
            if (connectionDetails.getSecurityProtocol() != null) {
                common.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connectionDetails.getSecurityProtocol());
            }
            SslBundle sslBundle = connectionDetails.getSslBundle();
            if (sslBundle != null) {
                // As Spring Boot's own Kafka clients do: the engine factory reads the bundle from the client config.
                common.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
                common.put(SslBundle.class.getName(), sslBundle);
            }
        }
        return common;
    }

    private static Set<String> clientSettings() {
        Set<String> names = new java.util.HashSet<>(AdminClientConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        return Set.copyOf(names);
    }

    private static RocksDbSettings rocksDbSettings(TributaryProperties.Rocksdb rocksdb) {
        long budget = rocksdb.getMemoryBudget().toBytes();
        if (budget <= 0) {
            throw new IllegalArgumentException("tributary.rocksdb.memory-budget must be positive, got "
                    + rocksdb.getMemoryBudget() + "; set it to e.g. 256MB");
        }
        return RocksDbSettings.defaults().withMemoryBudget(budget).withOptions(rocksdb.getOptions());
    }
}
