package io.tributary.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tributary.engine.InlineProcessor.Fired;
import io.tributary.state.TimeDomain;
import io.tributary.state.ValueStateDescriptor;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.tributary.engine.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class EventTimeTimersTest {

    private static final Duration ONE_MS = Duration.ofMillis(1);

    private final InlineProcessor processor = new InlineProcessor();

    @AfterEach
    void close() {
        processor.close();
    }

    @Test
    void firesWhenWatermarkReachesTimerTime() {
        register("A", T0.plusSeconds(10));

        processor.driver().advanceWatermark(T0.plusSeconds(10).minus(ONE_MS));
        assertThat(processor.fired()).isEmpty();

        processor.driver().advanceWatermark(T0.plusSeconds(10));
        assertThat(processor.fired()).extracting(Fired::key, Fired::time, Fired::domain, Fired::watermark)
                .containsExactly(tuple("A", T0.plusSeconds(10), TimeDomain.EVENT_TIME,
                        T0.plusSeconds(10)));
    }

    @Test
    void firesInTimeOrderAcrossKeys() {
        register("A", T0.plusSeconds(30));
        register("B", T0.plusSeconds(10));
        register("C", T0.plusSeconds(20));
        register("B", T0.plusSeconds(40));

        processor.driver().advanceWatermark(T0.plusSeconds(35));

        assertThat(processor.fired()).extracting(Fired::key, Fired::time).containsExactly(
                tuple("B", T0.plusSeconds(10)),
                tuple("C", T0.plusSeconds(20)),
                tuple("A", T0.plusSeconds(30)));
        assertThat(processor.driver().timerCount()).isEqualTo(1);
    }

    @Test
    void firesEachTimerOnce() {
        register("A", T0.plusSeconds(10));
        processor.driver().advanceWatermark(T0.plusSeconds(10));
        processor.driver().commit();
        long storedAfterFiring = processor.driver().storedEntries();

        processor.driver().advanceWatermark(T0.plusSeconds(20));
        processor.run("A", T0.plusSeconds(60), ctx -> {
        });

        assertThat(processor.fired()).hasSize(1);
        assertThat(processor.driver().timerCount()).isZero();
        processor.driver().commit();
        assertThat(processor.driver().storedEntries()).as("fired timer deleted from store").isEqualTo(storedAfterFiring);
    }

    @Test
    void keepsOneTimerPerKeyAndTime() {
        processor.run("A", T0, ctx -> {
            ctx.timerService().registerEventTimeTimer(T0.plusSeconds(10));
            ctx.timerService().registerEventTimeTimer(T0.plusSeconds(10));
        });
        processor.driver().commit();
        register("A", T0.plusSeconds(10));
        register("B", T0.plusSeconds(10));

        assertThat(processor.driver().timerCount()).isEqualTo(2);
        processor.driver().advanceWatermark(T0.plusSeconds(10));

        assertThat(processor.fired()).extracting(Fired::key).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void deletedTimerDoesNotFire() {
        register("A", T0.plusSeconds(10));
        register("B", T0.plusSeconds(10));
        register("C", T0.plusSeconds(10));
        processor.driver().commit();
        long stored = processor.driver().storedEntries();

        processor.run("A", T0, ctx -> ctx.timerService().deleteEventTimeTimer(T0.plusSeconds(10)));
        processor.run("C", T0, ctx -> {
            ctx.timerService().deleteEventTimeTimer(T0.plusSeconds(10));
            ctx.timerService().registerEventTimeTimer(T0.plusSeconds(10));
        });
        processor.run("B", T0, ctx -> ctx.timerService().deleteEventTimeTimer(T0.plusSeconds(11)));
        processor.driver().commit();

        assertThat(processor.driver().timerCount()).isEqualTo(2);
        assertThat(processor.driver().storedEntries()).as("deletion reaches the store").isEqualTo(stored - 1);
        processor.driver().advanceWatermark(T0.plusSeconds(20));
        assertThat(processor.fired()).extracting(Fired::key).containsExactly("B", "C");
    }

    @Test
    void deletingAnUncommittedTimerPreventsFiring() {
        processor.run("A", T0, ctx -> {
            ctx.timerService().registerEventTimeTimer(T0.plusSeconds(10));
            ctx.timerService().deleteEventTimeTimer(T0.plusSeconds(10));
        });

        processor.driver().advanceWatermark(T0.plusSeconds(20));

        assertThat(processor.fired()).isEmpty();
        assertThat(processor.driver().timerCount()).isZero();
    }

    @Test
    void firesFromWatermarkAdvancedByRecordWithTheTimersKey() {
        register("A", T0.plusSeconds(10));

        processor.run("B", T0.plusSeconds(10), ctx -> {
        });
        assertThat(processor.fired()).as("watermark 1 ms short of the timer").isEmpty();

        processor.run("B", T0.plusSeconds(10).plus(ONE_MS), ctx -> {
        });
        List<Fired> fired = processor.fired();
        assertThat(fired).extracting(Fired::key, Fired::time).containsExactly(
                tuple("A", T0.plusSeconds(10)));
        assertThat(fired.get(0).topic()).as("timer calls carry no record metadata").isNull();
    }

    @Test
    void timerSeesStateOfItsOwnKey() {
        ValueStateDescriptor<String> name = ValueStateDescriptor.of("name", String.class);
        processor.onTimer(ctx -> ctx.emit("timer of " + ctx.currentKey() + " sees " + ctx.state(name).value()));
        processor.run("A", T0, ctx -> {
            ctx.state(name).update("a");
            ctx.timerService().registerEventTimeTimer(T0.plusSeconds(10));
        });

        processor.run("B", T0.plusSeconds(60), ctx -> ctx.state(name).update("b"));

        assertThat(processor.driver().readOutput()).extracting(TestRecord::key, TestRecord::value).containsExactly(
                tuple("A", "timer of A sees a"));
    }

    @Test
    void emitsInsideOnTimerAreStampedWithTimerTime() {
        processor.onTimer(ctx -> {
            ctx.emit("fired at " + ctx.timestamp());
            ctx.emit("X", "explicit", ctx.timestamp().plusSeconds(1));
        });
        register("A", T0.plusSeconds(10));

        processor.driver().advanceWatermark(T0.plusSeconds(3600));

        assertThat(processor.driver().readOutput()).extracting(TestRecord::key, TestRecord::value, TestRecord::timestamp)
                .containsExactly(
                        tuple("A", "fired at " + T0.plusSeconds(10), T0.plusSeconds(10)),
                        tuple("X", "explicit", T0.plusSeconds(11)));
    }

    @Test
    void timerRegisteredInOnTimerFiresWhenItsTimeComes() {
        processor.onTimer(ctx -> {
            if (ctx.timestamp().equals(T0.plusSeconds(10))) {
                ctx.timerService().registerEventTimeTimer(T0.plusSeconds(15));
                ctx.timerService().registerEventTimeTimer(T0.plusSeconds(100));
            }
        });
        register("A", T0.plusSeconds(10));
        register("B", T0.plusSeconds(20));

        processor.driver().advanceWatermark(T0.plusSeconds(30));

        assertThat(processor.fired()).extracting(Fired::key, Fired::time).containsExactly(
                tuple("A", T0.plusSeconds(10)),
                tuple("A", T0.plusSeconds(15)),
                tuple("B", T0.plusSeconds(20)));
        assertThat(processor.driver().timerCount()).isEqualTo(1);
    }

    @Test
    void timerInThePastFiresOnNextWatermarkAdvance() {
        processor.driver().advanceWatermark(T0.plusSeconds(60));

        register("A", T0.plusSeconds(10));
        assertThat(processor.fired()).isEmpty();

        processor.driver().advanceWatermark(T0.plusSeconds(61));
        assertThat(processor.fired()).extracting(Fired::time).containsExactly(T0.plusSeconds(10));
    }

    @Test
    void isNotFiredByProcessingTime() {
        register("A", T0.plusSeconds(10));

        processor.driver().advanceProcessingTime(Duration.ofHours(1));

        assertThat(processor.fired()).isEmpty();
        assertThat(processor.driver().timerCount()).isEqualTo(1);
    }

    private void register(String key, Instant time) {
        processor.run(key, T0, ctx -> ctx.timerService().registerEventTimeTimer(time));
    }
}
