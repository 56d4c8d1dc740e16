package io.tributary.samples.stockticker.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TickFactoryTest {

    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void makesTheContractsTicksWithTheAdvertisedShareOfIrregularOnes() {
        TickFactory factory = new TickFactory("ticks", START, Duration.ofMillis(100), new SplittableRandom(42));
        List<ProducerRecord<String, String>> ticks = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ticks.add(factory.next());
        }
        TickFactory.Counts counts = factory.counts();

        assertThat(counts.made()).isEqualTo(20_000);
        assertThat(counts.duplicates()).isBetween(800L, 1_200L);
        assertThat(counts.outOfOrder()).isBetween(800L, 1_200L);
        assertThat(counts.late()).isBetween(50L, 150L);
        assertThat(counts.malformed()).isBetween(50L, 150L);
        assertThat(ticks).allSatisfy(tick -> {
            assertThat(tick.topic()).isEqualTo("ticks");
            assertThat(TickFactory.symbols()).contains(tick.key());
            assertThat(tick.timestamp()).isNull();
        });

        Set<String> seen = new HashSet<>();
        Instant highest = START;
        long resent = 0;
        long unreadable = 0;
        long behindBound = 0;
        for (ProducerRecord<String, String> tick : ticks) {
            JsonNode value = parse(tick.value());
            if (value == null || !value.hasNonNull("timestamp")) {
                unreadable++;
                continue;
            }
            if (!seen.add(tick.value())) {
                resent++;
                continue;
            }
            assertThat(value.get("symbol").asString()).isEqualTo(tick.key());
            assertThat(value.get("price").asInt()).isPositive();
            assertThat(value.at("/company_info/employees_count").asInt()).isPositive();
            Instant timestamp = Instant.parse(value.get("timestamp").asString());
            if (timestamp.isAfter(highest)) {
                // in-order ticks sit on the step grid; displaced ones (which also move the clock) never do
                assertThat(Duration.between(START, timestamp).toMillis() % 100).isZero();
                highest = timestamp;
            }
            else {
                assertThat(Duration.between(START, timestamp).toMillis() % 100).isNotZero();
            }
            if (Duration.between(timestamp, highest).compareTo(Duration.ofMinutes(3)) > 0) {
                assertThat(Duration.between(timestamp, highest)).isBetween(Duration.ofSeconds(290), Duration.ofMinutes(8));
                behindBound++;
            }
        }
        assertThat(resent).isEqualTo(counts.duplicates());
        assertThat(unreadable).isEqualTo(counts.malformed());
        assertThat(behindBound).isEqualTo(counts.late());
        assertThat(factory.eventTime()).isAfterOrEqualTo(highest);
    }

    @Test
    void sameSeedMakesTheSameTicks() {
        TickFactory first = new TickFactory("ticks", START, Duration.ofSeconds(1), new SplittableRandom(7));
        TickFactory second = new TickFactory("ticks", START, Duration.ofSeconds(1), new SplittableRandom(7));
        for (int i = 0; i < 1_000; i++) {
            assertThat(second.next().value()).isEqualTo(first.next().value());
        }
    }

    @Test
    void rejectsAnEventTimeStepThatWouldPushOutOfOrderTicksPastTheBound() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TickFactory("ticks", START, Duration.ofSeconds(2), new SplittableRandom()))
                .withMessageContaining("PT2S").withMessageContaining("100ms");
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        }
        catch (JacksonException ex) {
            return null;
        }
    }
}
