package io.tributary.samples.stockticker.generator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TickLoaderOptionsTest {

    @Test
    void readsEveryOptionAndPassesKafkaPropertiesThrough() {
        TickLoader.Options options = TickLoader.Options.parse("--generate", "--count=1000000", "--topic=ticks",
                "--bootstrap-servers=broker:9093", "--partitions=8", "--start=2026-11-21T10:00:00Z",
                "--event-time-step=250ms", "--seed=3", "--kafka.security.protocol=SSL");

        assertThat(options.count()).isEqualTo(1_000_000);
        assertThat(options.topic()).isEqualTo("ticks");
        assertThat(options.partitions()).isEqualTo(8);
        assertThat(options.start()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(options.eventTimeStep()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.seed()).isEqualTo(3L);
        assertThat(options.clientProperties()).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SSL");
        assertThat(TickLoader.producerProperties(options.clientProperties()))
                .containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void defaultsToTheContractTopicAndStartsTheEventTimeNow() {
        Instant before = Instant.now();
        TickLoader.Options options = TickLoader.Options.parse("--generate", "--count=600");

        assertThat(options.topic()).isEqualTo("stock_ticker");
        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.seed()).isNull();
        assertThat(options.start()).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void namesTheBadOptionAndTheFix() {
        assertThatIllegalArgumentException().isThrownBy(() -> TickLoader.Options.parse("--generate", "--count=0"))
                .withMessage("--count must be a positive whole number, got '0'; set it to e.g. --count=100000");
        assertThatIllegalArgumentException().isThrownBy(() -> TickLoader.Options.parse("--start=yesterday"))
                .withMessageContaining("--start").withMessageContaining("2026-11-21T10:00:00Z");
        assertThat(TickLoader.run("--generate", "--count=-1")).isEqualTo(2);
    }

    @Test
    void isRequestedOnlyByTheGenerateFlag() {
        assertThat(TickLoader.requested("--generate", "--count=5")).isTrue();
        assertThat(TickLoader.requested("--spring.profiles.active=dev")).isFalse();
    }
}
