package io.tributary.samples.stockticker.dev;

import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Starts a {@link CompanyApiStub} with the {@code dev} profile unless {@code ticker.company-api.base-url} is set, and
 * points {@code ticker.company-api.base-url} at it.
 *
 * <p>An initializer, as {@link DevBrokerInitializer} is, because the enrich pipeline's URL placeholder must resolve
 * when its processor is built. The stub is registered as a disposable singleton, so it stops with the context. Its
 * failures are set by {@code ticker.company-api.stub.error-rate} (0.02), {@code .outage-every} (60s, 0s for none)
 * and {@code .outage-length} (4s).
 */
public class DevCompanyApiInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BASE_URL = "ticker.company-api.base-url";

    private static final Logger log = LoggerFactory.getLogger(DevCompanyApiInitializer.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        // Whatever the broker: a dev run against a broker of one's own still needs an API to enrich from.
        if (!environment.acceptsProfiles(Profiles.of("dev")) || environment.containsProperty(BASE_URL)) {
            return;
        }
        double errorRate = environment.getProperty("ticker.company-api.stub.error-rate", Double.class, 0.02);
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("ticker.company-api.stub.error-rate must be between 0 and 1, got "
                    + errorRate + "; set it to e.g. 0.02");
        }
        Duration outageEvery = environment.getProperty("ticker.company-api.stub.outage-every", Duration.class,
                Duration.ofSeconds(60));
        Duration outageLength = environment.getProperty("ticker.company-api.stub.outage-length", Duration.class,
                Duration.ofSeconds(4));
        if (outageEvery.isNegative() || outageLength.isNegative()) {
            throw new IllegalArgumentException("ticker.company-api.stub.outage-every and outage-length must not be "
                    + "negative, got " + outageEvery + " and " + outageLength + "; set e.g. 60s and 4s, or 0s for none");
        }
        CompanyApiStub stub = new CompanyApiStub(errorRate, outageEvery, outageLength);
        environment.getPropertySources().addFirst(new MapPropertySource("devCompanyApi", Map.of(BASE_URL, stub.baseUrl())));
        if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerSingleton("devCompanyApi", stub);
            registry.registerDisposableBean("devCompanyApi", stub::close);
        }
        log.info("Dev mode: company-API stub at {} (error rate {}, down for {} every {})", stub.baseUrl(), errorRate,
                outageLength, outageEvery);
    }
}
