package io.tributary.autoconfigure.health;

import io.tributary.api.Tributary;
import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.health.TributaryHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tributary} health indicator ({@link TributaryHealthIndicator}), when Spring Boot's
 * health support is on the classpath, unless {@code management.health.tributary.enabled=false}. Backs off when the
 * application defines its own {@link TributaryHealthIndicator} or a bean named {@code tributaryHealthIndicator}.
 */
@AutoConfiguration(after = TributaryAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, Tributary.class })
@ConditionalOnBean(TributaryLifecycle.class)
@ConditionalOnEnabledHealthIndicator("tributary")
public final class TributaryHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(value = TributaryHealthIndicator.class, name = "tributaryHealthIndicator")
    TributaryHealthIndicator tributaryHealthIndicator(TributaryLifecycle lifecycle) {
        return new TributaryHealthIndicator(lifecycle::status);
    }
}
