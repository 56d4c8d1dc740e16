package io.tributary.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.api.Tributary;
import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.metrics.TributaryMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Tributary's Micrometer meters: a {@link TributaryMeterBinder} over the processors run by the
 * {@link TributaryLifecycle}, when Micrometer is on the classpath and the application has a {@link MeterRegistry}.
 * Backs off when the application defines its own binder.
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
}
