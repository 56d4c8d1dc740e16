package io.tributary.engine;

import java.time.Duration;
import java.time.Instant;

import io.tributary.engine.InlineProcessor.Fired;
import io.tributary.state.TimeDomain;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The driver's processing clock starts at {@link Ticks#T0}. */
class ProcessingTimeTimersTest {

    private final InlineProcessor processor = new InlineProcessor();

    @AfterEach
    void close() {
        processor.close();
    }

    @Test
    void firesWhenClockReachesTimerTimeAndNotBefore() {
        register("A", T0.plusSeconds(10));

        processor.driver().advanceProcessingTime(Duration.ofSeconds(10).minusMillis(1));
        assertThat(processor.fired()).isEmpty();

        processor.driver().advanceProcessingTime(Duration.ofMillis(1));
        assertThat(processor.fired()).extracting(Fired::key, Fired::time, Fired::domain)
                .containsExactly(tuple("A", T0.plusSeconds(10), TimeDomain.PROCESSING_TIME));
    }

    @Test
    void firesOverdueTimerOnNextClockTickNotAtRegistration() {
        processor.driver().advanceProcessingTime(Duration.ofMinutes(1));

        register("A", T0);
        assertThat(processor.fired()).isEmpty();

        processor.driver().advanceProcessingTime(Duration.ZERO);
        assertThat(processor.fired()).extracting(Fired::time).containsExactly(T0);
    }

    @Test
    void firesInTimeOrderAcrossKeysOnce() {
        register("A", T0.plusSeconds(30));
        register("B", T0.plusSeconds(10));
        register("B", T0.plusSeconds(10));
        register("C", T0.plusSeconds(20));

        processor.driver().advanceProcessingTime(Duration.ofMinutes(1));
        processor.driver().advanceProcessingTime(Duration.ofMinutes(1));

        assertThat(processor.fired()).extracting(Fired::key).containsExactly("B", "C", "A");
        assertThat(processor.driver().timerCount()).isZero();
    }

    @Test
    void isNotFiredByTheWatermark() {
        register("A", T0.plusSeconds(10));

        processor.driver().advanceWatermark(T0.plusSeconds(3600));
        processor.run("A", T0.plusSeconds(7200), ctx -> {
        });

        assertThat(processor.fired()).isEmpty();
        assertThat(processor.driver().timerCount()).isEqualTo(1);
    }

    @Test
    void deletedTimerDoesNotFire() {
        register("A", T0.plusSeconds(10));
        register("B", T0.plusSeconds(10));
        processor.driver().commit();
        processor.run("A", T0, ctx -> ctx.timerService().deleteProcessingTimeTimer(T0.plusSeconds(10)));
        processor.run("B", T0, ctx -> ctx.timerService().deleteEventTimeTimer(T0.plusSeconds(10)));

        processor.driver().advanceProcessingTime(Duration.ofMinutes(1));

        assertThat(processor.fired()).extracting(Fired::key).containsExactly("B");
    }

    @Test
    void timeDomainTellsWhichClockFired() {
        processor.run("A", T0, ctx -> {
            ctx.timerService().registerEventTimeTimer(T0.plusSeconds(10));
            ctx.timerService().registerProcessingTimeTimer(T0.plusSeconds(10));
        });

        processor.driver().advanceProcessingTime(Duration.ofSeconds(10));
        processor.driver().advanceWatermark(T0.plusSeconds(10));

        assertThat(processor.fired()).extracting(Fired::key, Fired::time, Fired::domain).containsExactly(
                tuple("A", T0.plusSeconds(10), TimeDomain.PROCESSING_TIME),
                tuple("A", T0.plusSeconds(10), TimeDomain.EVENT_TIME));
    }

    @Test
    void emitsInsideOnTimerAreStampedWithTimerTime() {
        processor.onTimer(ctx -> ctx.emit(ctx.currentKey() + " at " + ctx.currentProcessingTime()));
        register("A", T0.plusSeconds(10));

        processor.driver().advanceProcessingTime(Duration.ofSeconds(15));

        assertThat(processor.driver().readOutput()).extracting(TestRecord::key, TestRecord::value, TestRecord::timestamp)
                .containsExactly(tuple("A", "A at " + T0.plusSeconds(15), T0.plusSeconds(10)));
    }

    @Test
    void processElementSeesTheDriversClock() {
        Instant before = processor.call("A", T0, ctx -> ctx.currentProcessingTime());
        processor.driver().advanceProcessingTime(Duration.ofSeconds(42));
        Instant after = processor.call("A", T0, ctx -> ctx.timerService().currentProcessingTime());

        assertThat(before).isEqualTo(T0);
        assertThat(after).isEqualTo(T0.plusSeconds(42));
    }

    private void register(String key, Instant time) {
        processor.run(key, T0, ctx -> ctx.timerService().registerProcessingTimeTimer(time));
    }
}
