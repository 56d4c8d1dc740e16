package io.tributary.autoconfigure.endpoint;

import java.util.Map;

import io.tributary.autoconfigure.TributaryAutoConfiguration;
import io.tributary.endpoint.TributaryEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(KafkaAutoConfiguration.class, TributaryAutoConfiguration.class,
                    TributaryEndpointAutoConfiguration.class));

    @Test
    void registersTheEndpointWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tributary")
                .run(context -> {
                    assertThat(context).hasSingleBean(TributaryEndpoint.class);
                    assertThat(context.getBean(TributaryEndpoint.class).processors().processors()).isEmpty();
                });
    }

    @Test
    void noEndpointWhenNotExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TributaryEndpoint.class));
    }

    @Test
    void noEndpointWhenDisabled() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tributary",
                        "management.endpoint.tributary.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(TributaryEndpoint.class));
    }

    @Test
    void noEndpointWithoutTheActuator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tributary")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> assertThat(context).doesNotHaveBean(TributaryEndpoint.class));
    }

    @Test
    void userDefinedEndpointWins() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=tributary")
                .withBean("userEndpoint", TributaryEndpoint.class, () -> new TributaryEndpoint(Map::of))
                .run(context -> assertThat(context).hasSingleBean(TributaryEndpoint.class).hasBean("userEndpoint"));
    }
}
