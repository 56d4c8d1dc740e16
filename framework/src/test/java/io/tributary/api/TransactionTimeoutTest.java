package io.tributary.api;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The producers' transaction timeout against the commit interval: derived when unset, checked when set. */
class TransactionTimeoutTest {

    @Test
    void derivesTwiceTheCommitIntervalAndAtLeastTenSeconds() {
        assertThat(base().build().transactionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(base().commitInterval(Duration.ofSeconds(30)).build().transactionTimeout())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void derivesEachProcessorsTimeoutFromItsOwnCommitInterval() {
        TributaryConfig config = base().processorOverrides("slow",
                ProcessorOverrides.none().withCommitInterval(Duration.ofSeconds(20))).build();

        assertThat(config.forProcessor("slow").transactionTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(config.forProcessor("other").transactionTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aTimeoutTheUserSetWinsAndTheProducerPrefixedOneFirst() {
        assertThat(base().kafkaProperties(Map.of("transaction.timeout.ms", "30000")).build().transactionTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(base().kafkaProperties(Map.of("transaction.timeout.ms", 30_000,
                "producer.transaction.timeout.ms", 45_000)).build().transactionTimeout())
                .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void commitIntervalAboveHalfTheSetTimeoutFailsNamingBothAndTheFix() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> base().commitInterval(Duration.ofSeconds(8))
                        .kafkaProperties(Map.of("producer.transaction.timeout.ms", "10000")).build())
                .withMessageContaining("tributary.commit-interval (PT8S) must be at most half of the producers' "
                        + "producer.transaction.timeout.ms (10000 ms)")
                .withMessageContaining("lower tributary.commit-interval to at most PT5S")
                .withMessageContaining("to at least 16000")
                .withMessageContaining("remove producer.transaction.timeout.ms to let Tributary derive it");
    }

    @Test
    void aProcessorsCommitIntervalIsCheckedUnderItsOwnProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> base().kafkaProperties(Map.of("transaction.timeout.ms", 10_000))
                        .processorOverrides("slow", ProcessorOverrides.none().withCommitInterval(Duration.ofSeconds(6)))
                        .build())
                .withMessageContaining("tributary.processors.slow.commit-interval (PT6S) must be at most half");
    }

    @Test
    void aProcessorMadeExactlyOnceIsCheckedAgainstTheInstanceWideInterval() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> base().guarantee(ProcessingGuarantee.AT_LEAST_ONCE)
                        .commitInterval(Duration.ofSeconds(6))
                        .kafkaProperties(Map.of("transaction.timeout.ms", 10_000))
                        .processorOverrides("exact", ProcessorOverrides.none()
                                .withGuarantee(ProcessingGuarantee.EXACTLY_ONCE))
                        .build())
                .withMessageContaining("tributary.commit-interval (PT6S) must be at most half");
    }

    @Test
    void atLeastOnceHasNoTransactionsToTimeOut() {
        TributaryConfig config = base().guarantee(ProcessingGuarantee.AT_LEAST_ONCE)
                .commitInterval(Duration.ofSeconds(30)).kafkaProperties(Map.of("transaction.timeout.ms", 10_000))
                .build();

        assertThat(config.commitInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTimeoutThatIsNoNumberFailsNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> base().kafkaProperties(Map.of("producer.transaction.timeout.ms", "10s")).build())
                .withMessageContaining("producer.transaction.timeout.ms must be a positive number of milliseconds, "
                        + "got '10s'");
    }

    private static TributaryConfig.Builder base() {
        return TributaryConfig.builder("app").instanceId("a").bootstrapServers("broker:9092");
    }
}
