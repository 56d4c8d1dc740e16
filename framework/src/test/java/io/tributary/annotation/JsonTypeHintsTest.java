package io.tributary.annotation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.serde.Serdes;
import io.tributary.testing.ProcessorTestDriver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Type hints in input JSON ({@code "@class"}, {@code [className, value]}) never make the runtime load or construct the
 * class they name: a processor method bound to a type with an {@code Object} field, and the shipped JSON serdes, read
 * them as data. The hints name {@link Gadget}, whose initialisation, construction or setter flips {@link #TOUCHED}.
 */
class JsonTypeHintsTest {

    static final AtomicBoolean TOUCHED = new AtomicBoolean();

    private static final String GADGET = Gadget.class.getName();

    /** What an attacker hopes gets instantiated. */
    public static class Gadget {

        static {
            TOUCHED.set(true);
        }

        public Gadget() {
            TOUCHED.set(true);
        }

        public void setCommand(String command) {
            TOUCHED.set(true);
        }
    }

    /** A value type with a field of any type: where default typing would honour a class name. */
    public static class Envelope {

        public String symbol;

        public Object payload;
    }

    static class EnvelopeBean {

        final List<Object> payloads = new ArrayList<>();

        @KeyedProcessor(name = "envelopes", sources = "envelopes", valueType = Envelope.class, keyField = "symbol")
        void envelope(Envelope envelope, ProcessContext<String, Object> ctx) {
            payloads.add(envelope.payload);
        }
    }

    @Test
    void processorMethodsBindTypeHintsAsData() {
        EnvelopeBean bean = new EnvelopeBean();
        @SuppressWarnings("unchecked")
        ProcessorDefinition<String, Object, Object> definition = (ProcessorDefinition<String, Object, Object>)
                (ProcessorDefinition<?, ?, ?>) AnnotatedProcessors.definitionsOf(bean).get(0);
        try (ProcessorTestDriver<String, Object, Object> driver = ProcessorTestDriver.of(definition)) {
            for (String value : List.of(
                    "{\"symbol\":\"A\",\"payload\":[\"" + GADGET + "\",{\"command\":\"x\"}]}",
                    "{\"symbol\":\"A\",\"payload\":{\"@class\":\"" + GADGET + "\",\"command\":\"x\"}}",
                    "{\"@class\":\"" + GADGET + "\",\"symbol\":\"A\",\"payload\":{\"" + GADGET + "\":{}}}",
                    "[\"" + GADGET + "\",{\"command\":\"x\"}]")) {
                driver.pipeRaw("envelopes", null, value.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
            }

            // each record is either processed, its hint read as a list or map, or dead-lettered
            assertThat(bean.payloads).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(payload -> assertThat(payload).isNotInstanceOf(Gadget.class));
            assertThat(bean.payloads.get(0)).isInstanceOf(List.class);
            assertThat(bean.payloads.get(1)).isInstanceOf(java.util.Map.class);
            assertThat(bean.payloads.size() + driver.readDeadLetters().size()).isEqualTo(4);
        }
        assertThat(TOUCHED).as("gadget initialised, constructed or populated").isFalse();
    }

    @Test
    void jsonSerdesReadTypeHintsAsData() {
        Object wrapped = Serdes.json(Object.class)
                .deserialize(("[\"" + GADGET + "\",{\"command\":\"x\"}]").getBytes(StandardCharsets.UTF_8));
        Object property = Serdes.json(Object.class)
                .deserialize(("{\"@class\":\"" + GADGET + "\",\"command\":\"x\"}").getBytes(StandardCharsets.UTF_8));
        Envelope envelope = Serdes.json(Envelope.class).deserialize(
                ("{\"symbol\":\"A\",\"payload\":[\"" + GADGET + "\",{}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(wrapped).isInstanceOf(List.class);
        assertThat(property).isInstanceOf(java.util.Map.class);
        assertThat(envelope.payload).isInstanceOf(List.class);
        assertThat(TOUCHED).as("gadget initialised, constructed or populated").isFalse();
    }
}
