package io.tributary.internals.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A background commit adds its offsets on the committer thread, not the processor thread's: the processor thread
 * only learns that it must not poll until they are added, and is woken when they are.
 */
class BackgroundCommitTest {

    private final AtomicInteger wakeups = new AtomicInteger();
    private final BackgroundCommit commit = new BackgroundCommit("test", wakeups::incrementAndGet);
    private final CountDownLatch offsetsMayGo = new CountDownLatch(1);
    private final CountDownLatch commitMayGo = new CountDownLatch(1);

    @AfterEach
    void release() {
        offsetsMayGo.countDown();
        commitMayGo.countDown();
        commit.close();
    }

    @Test
    void startReturnsWhileTheOffsetsAreAddedAndSaysNotToPollUntilTheyAre() {
        commit.start(() -> awaitQuietly(offsetsMayGo), () -> awaitQuietly(commitMayGo));

        // start did not wait for the offsets (the latch still holds them back)
        assertThat(commit.addingOffsets()).isTrue();
        assertThat(commit.done()).isFalse();

        offsetsMayGo.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> !commit.addingOffsets());
        assertThat(wakeups.get()).as("woken when the offsets are added").isEqualTo(1);
        assertThat(commit.done()).as("the commit itself still runs").isFalse();

        commitMayGo.countDown();

        await().atMost(Duration.ofSeconds(10)).until(commit::done);
        commit.await();
        assertThat(wakeups.get()).isEqualTo(2);
        assertThat(commit.running()).isFalse();
    }

    @Test
    void offsetsThatFailEndTheCommitWithoutCommittingAndTheFailureReachesTheProcessorThread() {
        AtomicInteger commits = new AtomicInteger();
        commit.start(() -> {
            throw new KafkaException("offsets refused");
        }, commits::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(commit::done);

        assertThat(commit.addingOffsets()).isFalse();
        assertThatThrownBy(commit::await).isInstanceOf(KafkaException.class).hasMessage("offsets refused");
        assertThat(commits.get()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
