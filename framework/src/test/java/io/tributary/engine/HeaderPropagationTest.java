package io.tributary.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessContext;
import io.tributary.api.TimerContext;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;

class HeaderPropagationTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** Emits each tick and sets a timer one second later that emits again. */
    private static final KeyedProcessFunction<String, JsonNode, String> ECHO = new KeyedProcessFunction<>() {

        @Override
        public void processElement(JsonNode tick, ProcessContext<String, String> ctx) {
            ctx.emit("record " + tick.get("price").asLong());
            ctx.timerService().registerEventTimeTimer(ctx.timestamp().plusSeconds(1));
        }

        @Override
        public void onTimer(TimerContext<String, String> ctx) {
            ctx.emit("timer");
        }
    };

    @Test
    void carriesTheTraceContextOfAnInputOntoItsOutputsButNoOtherHeader() {
        try (ProcessorTestDriver<String, JsonNode, String> driver = Ticks.driver(Ticks.processor("echo"), ECHO)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
            headers.add("X-B3-Sampled", "1".getBytes(StandardCharsets.UTF_8));
            headers.add("x-tenant", "acme".getBytes(StandardCharsets.UTF_8));
            driver.pipe("A", Ticks.tick("A", T0.plusSeconds(1), 10), T0, headers);
            Ticks.pipe(driver, "A", T0.plusSeconds(5), 11);

            List<TestRecord<String, String>> out = driver.readOutput();
            assertThat(out).extracting(TestRecord::value).containsExactly("record 10", "record 11", "timer");
            assertThat(out.get(0).header("traceparent")).isEqualTo(TRACEPARENT);
            assertThat(out.get(0).header("X-B3-Sampled")).isEqualTo("1");
            assertThat(out.get(0).headers().lastHeader("x-tenant")).isNull();
            assertThat(out.get(1).headers().toArray()).isEmpty();
            assertThat(out.get(2).headers().toArray()).as("a timer has no input").isEmpty();
        }
    }
}
