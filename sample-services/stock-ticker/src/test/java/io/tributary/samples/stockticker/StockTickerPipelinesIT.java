package io.tributary.samples.stockticker;

import java.nio.file.Path;

import io.tributary.autoconfigure.TributaryLifecycle;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ticker.pipelines} against a real broker without the dev profile: the enrich pipeline needs
 * {@code ticker.company-api.base-url}, so start-up fails naming it and the ways out when enrich runs without it, and
 * the other pipelines run without it.
 */
@RealKafka
class StockTickerPipelinesIT {

    @TempDir
    Path stateDir;

    @Test
    void enrichWithoutCompanyApiFailsStartUpNamingThePropertyAndTheFix(KafkaBroker broker) {
        for (String pipelines : new String[] { null, "dedup,enrich" }) {
            SpringApplicationBuilder service = service(broker);
            assertThatThrownBy(() -> {
                if (pipelines == null) {
                    service.run().close();
                }
                else {
                    service.run("--ticker.pipelines=" + pipelines).close();
                }
            }).as("ticker.pipelines=%s", pipelines == null ? "(default, all)" : pipelines).rootCause()
                    .hasMessageContaining("ticker.company-api.base-url is not set")
                    .hasMessageContaining("set ticker.company-api.base-url")
                    .hasMessageContaining("ticker.pipelines=dedup,tumbling,sliding");
        }
    }

    @Test
    void otherPipelinesRunWithoutCompanyApi(KafkaBroker broker) {
        try (ConfigurableApplicationContext app = service(broker).run("--ticker.pipelines=dedup,tumbling,sliding")) {
            assertThat(app.getEnvironment().containsProperty("ticker.company-api.base-url")).isFalse();
            assertThat(app.getBean(TributaryLifecycle.class).status())
                    .containsOnlyKeys("dedup", "tumbling", "sliding");
        }
    }

    private SpringApplicationBuilder service(KafkaBroker broker) {
        return new SpringApplicationBuilder(StockTickerApplication.class)
                .properties("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(), "server.port=0",
                        "tributary.application-id=" + broker.uniqueTopic("stock-ticker-pipelines-it"),
                        "tributary.state-dir=" + stateDir);
    }
}
