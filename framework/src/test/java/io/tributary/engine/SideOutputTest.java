package io.tributary.engine;

import java.util.List;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OutputTag;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.engine.Ticks.T0;
import static io.tributary.engine.Ticks.pipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class SideOutputTest {

    record Alert(String symbol, long price) {
    }

    private static final OutputTag<Alert> ALERTS = OutputTag.of("alerts", Alert.class);
    private static final OutputTag<String> UNMAPPED = OutputTag.of("unmapped-tag", String.class);

    /** Prices above 100 go to the alerts side output, prices of 13 to an unmapped one, the rest to the main output. */
    private static final KeyedProcessFunction<String, JsonNode, String> ROUTER = (tick, ctx) -> {
        long price = tick.get("price").longValue();
        if (price == 13) {
            ctx.sideOutput(UNMAPPED, "unlucky");
        }
        else if (price > 100) {
            ctx.sideOutput(ALERTS, new Alert(ctx.currentKey(), price));
        }
        else {
            ctx.emit(ctx.currentKey() + ":" + price);
        }
    };

    private final ProcessorTestDriver<String, JsonNode, String> driver =
            Ticks.driver(Ticks.processor("router").sideOutput(ALERTS, "price-alerts"), ROUTER);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void sendsSideOutputToMappedTopicKeyedAndStampedLikeTheRecord() {
        pipe(driver, "A", T0.plusSeconds(1), 5);
        pipe(driver, "B", T0.plusSeconds(2), 500);
        pipe(driver, "A", T0.plusSeconds(3), 150);

        List<TestRecord<String, Alert>> alerts = driver.readSideOutput(ALERTS);

        assertThat(alerts).extracting(TestRecord::topic, TestRecord::key, TestRecord::value, TestRecord::timestamp)
                .containsExactly(tuple("price-alerts", "B", new Alert("B", 500), T0.plusSeconds(2)),
                        tuple("price-alerts", "A", new Alert("A", 150), T0.plusSeconds(3)));
        assertThat(driver.readOutput()).extracting(TestRecord::value).containsExactly("A:5");
        assertThat(driver.readSideOutput(ALERTS)).as("drained").isEmpty();
    }

    @Test
    void unmappedTagFailsTheRecordNamingTheTag() {
        pipe(driver, "A", T0, 13);
        pipe(driver, "A", T0, 1);

        List<TestRecord<byte[], byte[]>> deadLetters = driver.readDeadLetters();

        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).header("tributary-dlt-reason")).isEqualTo("processing-error");
        assertThat(deadLetters.get(0).header("kafka_dlt-exception-message")).contains("'unmapped-tag'");
        assertThat(driver.readOutput()).extracting(TestRecord::value).containsExactly("A:1");
    }

    @Test
    void readingUnmappedTagFromDriverFailsNamingTheTag() {
        assertThatIllegalArgumentException().isThrownBy(() -> driver.readSideOutput(UNMAPPED))
                .withMessageContaining("unmapped-tag");
    }

    @Test
    void tagsAreEqualByName() {
        OutputTag<Alert> sameName = OutputTag.of("alerts", Alert.class);
        pipe(driver, "A", T0, 200);

        assertThat(driver.readSideOutput(sameName)).extracting(TestRecord::value).containsExactly(new Alert("A", 200));
    }
}
