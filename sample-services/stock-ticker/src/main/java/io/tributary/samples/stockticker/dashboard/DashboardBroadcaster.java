package io.tributary.samples.stockticker.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tributary.autoconfigure.TributaryLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Takes a {@link DashboardSnapshot} every {@code ticker.dashboard.interval} (1 s by default) from the runtime's
 * status and the {@link WindowResultsListener}, and pushes it to every open live page as a server-sent event named
 * {@code snapshot}.
 *
 * <p>One scheduler thread takes and sends snapshots. A page gets the latest snapshot as soon as it subscribes; a page
 * whose connection fails is dropped (the browser's {@code EventSource} reconnects by itself). When the context starts
 * closing, the scheduler stops and every connection is completed, so open pages do not hold up the web server's
 * graceful shutdown.
 */
@Component
@ConditionalOnBooleanProperty("ticker.dashboard.enabled")
public class DashboardBroadcaster {

    /** A page's connection is closed after this, and its browser reconnects. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(DashboardBroadcaster.class);

    private final TributaryLifecycle tributary;
    private final WindowResultsListener windowResults;
    private final Duration interval;
    private final List<SseEmitter> pages = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dashboard");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DashboardSnapshot latest = DashboardSnapshot.empty(Instant.now());
    // Touched only by the scheduler thread.
    private long latestNanos = System.nanoTime();

    public DashboardBroadcaster(TributaryLifecycle tributary, WindowResultsListener windowResults,
            @Value("${ticker.dashboard.interval:1s}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "ticker.dashboard.interval must be positive, got " + interval + "; set it to e.g. 1s");
        }
        this.tributary = tributary;
        this.windowResults = windowResults;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        scheduler.scheduleAtFixedRate(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @EventListener(ContextClosedEvent.class)
    public void stop() {
        scheduler.shutdownNow();
        pages.forEach(SseEmitter::complete);
        pages.clear();
    }

    /** The latest snapshot. */
    public DashboardSnapshot latest() {
        return latest;
    }

    /** A new page's event stream; it gets the latest snapshot at once, then every new one. */
    public SseEmitter subscribe() {
        SseEmitter page = new SseEmitter(CONNECTION_TIMEOUT.toMillis());
        page.onCompletion(() -> pages.remove(page));
        page.onTimeout(() -> pages.remove(page));
        page.onError(ex -> pages.remove(page));
        pages.add(page);
        send(page, latest);
        return page;
    }

    private void publish() {
        try {
            long now = System.nanoTime();
            DashboardSnapshot snapshot = DashboardSnapshot.next(latest, Duration.ofNanos(now - latestNanos),
                    Instant.now(), tributary.status(), windowResults.latest());
            latest = snapshot;
            latestNanos = now;
            pages.forEach(page -> send(page, snapshot));
        }
        catch (RuntimeException ex) {
            // a failed snapshot must not cancel the schedule
            log.warn("Live page snapshot failed: {}", ex.toString());
        }
    }

    private void send(SseEmitter page, DashboardSnapshot snapshot) {
        try {
            page.send(SseEmitter.event().name("snapshot").data(snapshot, MediaType.APPLICATION_JSON));
        }
        catch (IOException | IllegalStateException ex) {
            // the page went away; its emitter is finished
            pages.remove(page);
            page.completeWithError(ex);
        }
    }
}
