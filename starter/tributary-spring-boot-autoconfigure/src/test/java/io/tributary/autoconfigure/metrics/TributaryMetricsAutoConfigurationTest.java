package io.tributary.autoconfigure.metrics;

import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.autoconfigure.UnstartedTributary;
import io.tributary.metrics.TributaryMeterBinder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class,
                    TributaryMetricsAutoConfiguration.class));

    @Test
    void noBinderWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TributaryMeterBinder.class));
    }

    @Test
    void bindsWithAMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(TributaryMeterBinder.class));
    }

    @Test
    void bindsWithSpringBootsMeterRegistry() {
        runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(TributaryMeterBinder.class));
    }

    @Test
    void bindsTheMetricsOfTheRuntimesKafkaClientsWithAMeterRegistry() {
        runner.withPropertyValues("spring.kafka.bootstrap-servers=kafka:9092")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    TributaryConfig config = context.getBean(TributaryConfig.class);
                    assertThat(config.consumerListeners()).singleElement().isInstanceOf(MicrometerConsumerListener.class);
                    assertThat(config.producerListeners()).singleElement().isInstanceOf(MicrometerProducerListener.class);
                });
    }

    @Test
    void noClientMetricsWithoutAMeterRegistry() {
        runner.run(context -> {
            assertThat(context.getBean(TributaryConfig.class).consumerListeners()).isEmpty();
            assertThat(context.getBean(TributaryConfig.class).producerListeners()).isEmpty();
        });
    }

    @Test
    void noBinderWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(TributaryMeterBinder.class));
    }

    @Test
    void registersMetersOfTheRunningProcessors() {
        try (Tributary tributary = UnstartedTributary.withProcessors("orders")) {
            runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                            SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
                    .withBean(TributaryLifecycle.class, () -> new RunningLifecycle(tributary))
                    .run(context -> assertThat(context.getBean(MeterRegistry.class)
                            .get("tributary.records.in").tag("processor", "orders").functionCounter().count())
                            .isZero());
        }
    }

    @Test
    void userDefinedBinderWins() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(UserBinderConfig.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(TributaryMeterBinder.class);
                    assertThat(context).hasBean("userBinder");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBinderConfig {

        @Bean
        TributaryMeterBinder userBinder(TributaryLifecycle lifecycle) {
            return new TributaryMeterBinder(lifecycle::status);
        }
    }

    /** A lifecycle whose runtime already runs, as it does once the context has started. */
    static class RunningLifecycle extends TributaryLifecycle {

        private final Tributary tributary;

        RunningLifecycle(Tributary tributary) {
            super(TributaryConfig.builder("test-app").instanceId("test").bootstrapServers("localhost:1").build(),
                    new StaticApplicationContext());
            this.tributary = tributary;
        }

        @Override
        public Optional<Tributary> tributary() {
            return Optional.of(tributary);
        }
    }
}
