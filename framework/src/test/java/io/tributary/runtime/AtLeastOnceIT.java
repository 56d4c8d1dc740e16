package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.tributary.api.ProcessingGuarantee;
import io.tributary.api.Tributary;
import io.tributary.api.TributaryConfig;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The at-least-once mode runs without transactions and, without a crash, gives the same exact results. */
@RealKafka
class AtLeastOnceIT {

    private static final List<String> KEYS = IntStream.range(0, 5).mapToObj(i -> "key-" + i).toList();

    @Test
    void countsWithoutTransactions(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("alos-in", 2);
        String output = broker.uniqueTopic("alos-out");
        TributaryConfig config = TributaryConfig.builder(broker.uniqueTopic("alos-app"))
                .bootstrapServers(broker.bootstrapServers()).stateDir(stateDir)
                .guarantee(ProcessingGuarantee.AT_LEAST_ONCE).build();

        try (Tributary tributary = Tributary.create(config,
                List.of(CountingFunction.definition("counter", input, output))).start()) {
            for (int i = 0; i < 40; i++) {
                for (String key : KEYS) {
                    broker.produce(input, key, "v" + i);
                }
            }
            broker.readAllCommitted(output, 200, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> tributary.status().get("counter").commits() > 0);
        }
        assertThat(broker.readToEnd(output, Duration.ofSeconds(30))).hasSize(200);
        Outputs.assertExactCounts(broker.readToEnd(output, Duration.ofSeconds(30)), KEYS, 40);
    }
}
