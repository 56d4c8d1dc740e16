package io.tributary.autoconfigure.endpoint;

import io.tributary.api.Tributary;
import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.endpoint.TributaryEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tributary} actuator endpoint ({@link TributaryEndpoint}), when the actuator is on
 * the classpath and the endpoint is available (enabled, and exposed, e.g. with
 * {@code management.endpoints.web.exposure.include=tributary}). Backs off when the application defines its own.
 */
@AutoConfiguration(after = TributaryAutoConfiguration.class)
@ConditionalOnClass({ Tributary.class, ConditionalOnAvailableEndpoint.class })
public final class TributaryEndpointAutoConfiguration {

    @Bean
    @ConditionalOnBean(TributaryLifecycle.class)
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    TributaryEndpoint tributaryEndpoint(TributaryLifecycle lifecycle) {
        return new TributaryEndpoint(lifecycle::status, (processor, key) -> lifecycle.tributary()
                .map(tributary -> tributary.queryState(processor, key)).orElse(null));
    }
}
