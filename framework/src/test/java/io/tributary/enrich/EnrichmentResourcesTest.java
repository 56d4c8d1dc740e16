package io.tributary.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default resources' HTTP client: its own work on a bounded pool rather than a thread per response. */
class EnrichmentResourcesTest {

    @Test
    void defaultHttpClientRunsItsWorkOnAFixedPoolOfNamedDaemonThreads() throws Exception {
        Executor executor = EnrichmentResources.builder().build().httpClient().executor().orElseThrow();
        int tasks = 50;
        CountDownLatch started = new CountDownLatch(tasks);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            executor.execute(() -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread());
                }
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        release.countDown();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        synchronized (threads) {
            // a cached pool (the JDK's default) starts a thread for each task while the others are busy
            assertThat(threads.stream().distinct().count())
                    .isLessThanOrEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
            assertThat(threads).allSatisfy(thread -> {
                assertThat(thread.isDaemon()).isTrue();
                assertThat(thread.getName()).startsWith("tributary-enrich-http-");
            });
        }
    }
}
