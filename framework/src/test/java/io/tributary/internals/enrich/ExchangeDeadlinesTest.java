package io.tributary.internals.enrich;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Exchange deadlines: each runs its action once when due, unless cancelled; a stopped timer loses none. */
class ExchangeDeadlinesTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExchangeDeadlines deadlines = new ExchangeDeadlines(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void runsTheActionOfEachDeadlineOnceWhenDue() {
        AtomicInteger fired = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            deadlines.start(TimeUnit.MILLISECONDS.toNanos(20 + i % 7), fired::incrementAndGet);
        }

        await().atMost(Duration.ofSeconds(10)).untilAtomic(fired, org.hamcrest.Matchers.equalTo(100));
    }

    @Test
    void aCancelledDeadlineNeverRuns() {
        AtomicInteger cancelledFired = new AtomicInteger();
        AtomicInteger laterFired = new AtomicInteger();
        deadlines.start(TimeUnit.MILLISECONDS.toNanos(30), cancelledFired::incrementAndGet).cancel();
        // due after the cancelled one, in a later slot: once it has run, the cancelled one would have too
        deadlines.start(TimeUnit.MILLISECONDS.toNanos(30 + 3 * ExchangeDeadlines.SLOT_MILLIS),
                laterFired::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).untilAtomic(laterFired, org.hamcrest.Matchers.equalTo(1));
        assertThat(cancelledFired).hasValue(0);
    }

    @Test
    void aDeadlineTheTimerRefusesRunsAtOnce() {
        timer.shutdownNow();
        AtomicInteger fired = new AtomicInteger();

        deadlines.start(TimeUnit.SECONDS.toNanos(10), fired::incrementAndGet);

        assertThat(fired).hasValue(1);
    }
}
