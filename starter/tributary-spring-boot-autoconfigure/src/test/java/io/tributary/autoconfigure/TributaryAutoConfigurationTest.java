package io.tributary.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.StateBackend;
import io.tributary.api.TributaryConfig;
import io.tributary.availability.TributaryReadinessPublisher;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class));

    @Test
    void buildsConfigFromProperties() {
        runner.withPropertyValues("spring.application.name=orders", "spring.kafka.bootstrap-servers=kafka-1:9092,kafka-2:9092",
                "spring.kafka.security.protocol=SASL_SSL", "spring.kafka.consumer.auto-offset-reset=latest",
                "tributary.instance-id=node-1", "tributary.advertised-url=http://node-1.orders:8080",
                "tributary.state-dir=/var/lib/orders", "tributary.state-backend=in-memory",
                "tributary.commit-interval=250ms", "tributary.processing-guarantee=at-least-once", "tributary.threads=3",
                "tributary.default-partitions=6", "tributary.rocksdb.memory-budget=64MB",
                "tributary.rocksdb.options.max_write_buffer_number=3")
                .run(context -> {
                    assertThat(context).hasSingleBean(TributaryLifecycle.class);
                    TributaryConfig config = context.getBean(TributaryConfig.class);
                    assertThat(config.applicationId()).isEqualTo("orders");
                    assertThat(config.instanceId()).isEqualTo("node-1");
                    assertThat(config.advertisedUrl()).hasToString("http://node-1.orders:8080");
                    assertThat(config.kafkaProperties())
                            .containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092")
                            .containsEntry("security.protocol", "SASL_SSL")
                            .doesNotContainKeys("auto.offset.reset", "key.deserializer", "client.id");
                    assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/orders"));
                    assertThat(config.stateBackend()).isEqualTo(StateBackend.IN_MEMORY);
                    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.guarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
                    assertThat(config.threadsPerProcessor()).isEqualTo(3);
                    assertThat(config.defaultPartitions()).isEqualTo(6);
                    assertThat(config.rocksDb().memoryBudgetBytes()).isEqualTo(64L * 1024 * 1024);
                    assertThat(config.rocksDb().options()).containsEntry("max_write_buffer_number", "3");
                });
    }

    @Test
    void passesClientTypeSettingsOfSpringKafkaProperties() {
        runner.withPropertyValues("spring.kafka.properties[consumer.session.timeout.ms]=6000",
                "spring.kafka.properties[producer.linger.ms]=20")
                .run(context -> assertThat(context.getBean(TributaryConfig.class).kafkaProperties())
                        .containsEntry("consumer.session.timeout.ms", "6000")
                        .containsEntry("producer.linger.ms", "20"));
    }

    @Test
    void passesClientSettingsCommonToAllClientsButNotTheApplicationsOwnConsumerSettings() {
        runner.withPropertyValues("spring.kafka.properties.session.timeout.ms=7000",
                "spring.kafka.properties.linger.ms=15", "spring.kafka.properties.client.id=app",
                "spring.kafka.properties.group.id=app-group", "spring.kafka.consumer.max-poll-records=7")
                .run(context -> assertThat(context.getBean(TributaryConfig.class).kafkaProperties())
                        .containsEntry("session.timeout.ms", "7000")
                        .containsEntry("linger.ms", "15")
                        .doesNotContainKeys("client.id", "group.id", "max.poll.records"));
    }

    @Test
    void passesTheSslBundleOfSpringKafkaToEveryClient() {
        SslBundle bundle = SslBundle.of(SslStoreBundle.NONE);
        runner.withBean(KafkaConnectionDetails.class, () -> new KafkaConnectionDetails() {

            @Override
            public List<String> getBootstrapServers() {
                return List.of("kafka-1:9093");
            }

            @Override
            public SslBundle getSslBundle() {
                return bundle;
            }

            @Override
            public String getSecurityProtocol() {
                return "SSL";
            }
        }).run(context -> assertThat(context.getBean(TributaryConfig.class).kafkaProperties())
                .containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.engine.factory.class", SslBundleSslEngineFactory.class)
                .containsEntry(SslBundle.class.getName(), bundle));
    }

    @Test
    void defaultsApplicationIdToTributaryWithoutApplicationName() {
        runner.run(context -> assertThat(context.getBean(TributaryConfig.class).applicationId()).isEqualTo("tributary"));
    }

    @Test
    void appliesCustomizersToTheConfig() {
        runner.withBean(TributaryConfigCustomizer.class, () -> builder -> builder.maxDirtyEntries(42))
                .run(context -> assertThat(context.getBean(TributaryConfig.class).maxDirtyEntries()).isEqualTo(42));
    }

    @Test
    void userDefinedConfigWins() {
        runner.withUserConfiguration(UserConfig.class)
                .withPropertyValues("tributary.application-id=from-properties")
                .run(context -> {
                    assertThat(context).hasSingleBean(TributaryConfig.class);
                    assertThat(context.getBean(TributaryConfig.class).applicationId()).isEqualTo("user-defined");
                });
    }

    @Test
    void advertisesNoUrlUnlessSetAndRejectsOneThatIsNoHttpUrl() {
        runner.run(context -> assertThat(context.getBean(TributaryConfig.class).advertisedUrl()).isNull());
        runner.withPropertyValues("tributary.advertised-url=node-1:8080")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("tributary.advertised-url must be an absolute http or https URL, got "
                                + "'node-1:8080'; set it to where clients reach this instance"));
    }

    @Test
    void nonPositiveCommitIntervalFailsStartupNamingTheProperty() {
        runner.withPropertyValues("tributary.commit-interval=0s")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("tributary.commit-interval"));
    }

    @Test
    void refusesTrafficWhileRestoringWithSpringBootsAvailability() {
        runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(TributaryReadinessPublisher.class);
                    assertThat(context.getBean(TributaryReadinessPublisher.class).isRunning()).isTrue();
                });
    }

    @Test
    void noReadinessPublisherWithoutApplicationAvailability() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TributaryReadinessPublisher.class));
    }

    @Test
    void userDefinedReadinessPublisherWins() {
        runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .withBean("userReadiness", TributaryReadinessPublisher.class,
                        () -> new TributaryReadinessPublisher(Map::of, new ApplicationAvailabilityBean(),
                                event -> { }, Duration.ofMinutes(1), 0))
                .run(context -> assertThat(context).hasSingleBean(TributaryReadinessPublisher.class)
                        .hasBean("userReadiness"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserConfig {

        @Bean
        TributaryConfig userTributaryConfig() {
            return TributaryConfig.builder("user-defined").bootstrapServers("localhost:9092").build();
        }
    }
}
