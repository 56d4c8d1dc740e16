package io.tributary.autoconfigure;

import io.tributary.api.TributaryConfig;

/**
 * Customizes the auto-configured {@link TributaryConfig} before it is built, after {@code tributary.*} and
 * {@code spring.kafka.*} have been applied; every customizer bean is applied, in order. Replace the whole config by
 * defining a {@link TributaryConfig} bean instead.
 */
@FunctionalInterface
public interface TributaryConfigCustomizer {

    /** Adjusts {@code builder}. */
    void customize(TributaryConfig.Builder builder);
}
