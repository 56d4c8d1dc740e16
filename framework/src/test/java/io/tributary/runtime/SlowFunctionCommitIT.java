package io.tributary.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.Tributary;
import io.tributary.serde.Serdes;
import io.tributary.testing.ManualClock;
import io.tributary.testing.broker.KafkaBroker;
import io.tributary.testing.broker.RealKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow function (each record takes longer than the commit interval, as a blocking call per record would) must
 * not hold a whole poll batch in one transaction: the commit deadline is checked after every record.
 */
@RealKafka
class SlowFunctionCommitIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int RECORDS = 40;

    @Test
    void commitsWithinAPollBatchWhenTheFunctionIsSlow(KafkaBroker broker, @TempDir Path stateDir) {
        String input = broker.createUniqueTopic("slow-in", 1);
        String output = broker.uniqueTopic("slow-out");
        String app = broker.uniqueTopic("slow-app");
        // loaded before the start, so the first poll fetches them all in one batch
        broker.produceAll(input, IntStream.range(0, RECORDS).mapToObj(i -> Map.entry("key", "v" + i)).toList());
        ManualClock clock = new ManualClock(Instant.now());
        ProcessorDefinition<String, String, String> slow = ProcessorDefinition
                .builder("slow", Serdes.string(), Serdes.string(), Serdes.string())
                .source(input)
                .key(KeySelectors.recordKey())
                .output(output)
                .function(() -> (value, context) -> {
                    // each record "takes" a second of the processor's clock: ten commit intervals
                    clock.advance(Duration.ofSeconds(1));
                    context.emit(value);
                })
                .build();
        try (Tributary tributary = Tributary.create(ExactlyOnceCountingIT.config(broker, app, stateDir, clock),
                List.of(slow)).start()) {
            await().atMost(WAIT).until(() -> tributary.status().get("slow").recordsIn() >= RECORDS);
            assertThat(broker.readAllCommitted(output, RECORDS, WAIT)).hasSize(RECORDS);
            // per poll batch, the old loop committed once; per record, one commit for each slow record
            assertThat(tributary.status().get("slow").commits()).isGreaterThanOrEqualTo(RECORDS - 1);
        }
    }
}
