package io.tributary.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.api.Tributary;
import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.autoconfigure.TributaryConfigCustomizer;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.metrics.TributaryMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Auto-configuration of Tributary's Micrometer meters: a {@link TributaryMeterBinder} over the processors run by the
 * {@link TributaryLifecycle}, and the metrics of the Kafka clients the runtime creates, when Micrometer is on the
 * classpath and the application has a {@link MeterRegistry}. Backs off when the application defines its own binder.
 */
@AutoConfiguration(after = TributaryAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, Tributary.class })
@ConditionalOnBean({ MeterRegistry.class, TributaryLifecycle.class })
public final class TributaryMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TributaryMeterBinder tributaryMeterBinder(TributaryLifecycle lifecycle) {
        return new TributaryMeterBinder(lifecycle::status);
    }

    /**
     * Binds the Kafka clients' own metrics ({@code kafka.consumer.*}, {@code kafka.producer.*}, tagged by client id)
     * with Spring Kafka's Micrometer listeners, as Spring Boot does for its own client factories.
     */
    @Bean
    @ConditionalOnMissingBean(name = "tributaryKafkaClientMetrics")
    TributaryConfigCustomizer tributaryKafkaClientMetrics(MeterRegistry registry) {
        return builder -> builder.consumerListener(new MicrometerConsumerListener<>(registry))
                .producerListener(new MicrometerProducerListener<>(registry));
    }
}
