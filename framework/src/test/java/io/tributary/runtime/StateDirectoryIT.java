package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.serde.Serdes;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** The state directory's lock is released when a start fails, so the instance can be started again at once. */
@RealKafka
class StateDirectoryIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aStartThatFailsReleasesTheStateDirectory(KafkaBroker broker, @TempDir Path stateDir) {
        String two = broker.createUniqueTopic("lock-two", 2);
        String three = broker.createUniqueTopic("lock-three", 3);
        String output = broker.uniqueTopic("lock-out");
        String app = broker.uniqueTopic("lock-app");
        ProcessorDefinition<String, String, String> notCoPartitioned = ProcessorDefinition
                .builder("counter", Serdes.string(), Serdes.string(), Serdes.string())
                .source(two, three).key(KeySelectors.recordKey()).output(output)
                .function(CountingFunction::new).build();
        TributaryConfig config = TributaryConfig.builder(app).instanceId("a").bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).build();

        Tributary failed = Tributary.create(config, List.of(notCoPartitioned));
        assertThatIllegalStateException().isThrownBy(failed::start).withMessageContaining("co-partition them");

        try (Tributary fixed = Tributary.create(config,
                List.of(CountingFunction.definition("counter", two, output))).start()) {
            await().atMost(WAIT).until(() -> fixed.status().get("counter").assignedPartitions().size() == 2);
            assertThat(fixed.status().get("counter").failure()).isNull();
        }
    }
}
