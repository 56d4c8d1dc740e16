package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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

/**
 * The state directory's lock is released when a start fails, so the instance can be started again at once; a close
 * that a processor thread outlives keeps the lock (and the stores open) until that thread exits.
 */
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

    @Test
    void aCloseAThreadOutlivesKeepsTheStateDirectoryUntilTheThreadExits(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("lock-blocked-in", 1);
        String output = broker.uniqueTopic("lock-blocked-out");
        String app = broker.uniqueTopic("lock-blocked-app");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessorDefinition<String, String, String> blocking = ProcessorDefinition
                .builder("blocking", Serdes.string(), Serdes.string(), Serdes.string())
                .source(input).key(KeySelectors.recordKey()).output(output)
                .function(() -> (value, context) -> {
                    entered.countDown();
                    try {
                        release.await();
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    context.emit(value);
                })
                .build();
        TributaryConfig config = TributaryConfig.builder(app).instanceId("a").bootstrapServers(broker.bootstrapServers())
                .stateDir(stateDir).build();
        Tributary blocked = Tributary.create(config, List.of(blocking)).start();
        broker.produceAll(input, List.of(Map.entry("key", "v")));
        await().atMost(WAIT).until(() -> entered.getCount() == 0);

        blocked.close(Duration.ofMillis(200));

        // the thread is still in the function: its stores stay open and the directory locked
        assertThatIllegalStateException().isThrownBy(() -> Tributary.create(config, List.of(blocking)))
                .withMessageContaining("tributary.state-dir");
        release.countDown();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            Tributary.create(config, List.of(blocking)).close();
            return true;
        });
    }
}
