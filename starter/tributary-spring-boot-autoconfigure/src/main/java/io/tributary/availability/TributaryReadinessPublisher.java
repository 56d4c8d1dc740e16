package io.tributary.availability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.tributary.api.ProcessorStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Refuses traffic while any Tributary processor restores state from its changelog: publishes
 * {@link ReadinessState#REFUSING_TRAFFIC} when a restore is seen while the application accepts traffic, and
 * {@link ReadinessState#ACCEPTING_TRAFFIC} once no processor restores any more, through
 * {@link AvailabilityChangeEvent}s. Liveness is never touched.
 *
 * <p>Checks every {@code interval} on its own daemon thread, between the start and stop of the context's
 * lifecycle (it starts after the processors, and stops before them). It only gives back readiness it took: traffic
 * refused by anything else (the application still starting, a shutdown) is left refused. Because Spring Boot itself
 * publishes {@code ACCEPTING_TRAFFIC} when the application is ready, a restore that spans that moment is refused
 * again at the next check. Thread-safe.
 */
public class TributaryReadinessPublisher implements SmartLifecycle {

    /** How often processors are checked unless the constructor says otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(TributaryReadinessPublisher.class);

    private final Supplier<Map<String, ProcessorStatus>> statuses;
    private final ApplicationAvailability availability;
    private final ApplicationEventPublisher publisher;
    private final Duration interval;
    private final int phase;
    private @Nullable ScheduledExecutorService executor;
    private boolean refused;

    /**
     * @param statuses the current status of each processor by name, empty while none runs
     * @param availability the application's current availability, to leave others' decisions alone
     * @param publisher where readiness changes are published
     * @param interval how often to check
     * @param phase the lifecycle phase; after the phase of the runtime, so checks start once it runs
     */
    public TributaryReadinessPublisher(Supplier<Map<String, ProcessorStatus>> statuses,
            ApplicationAvailability availability, ApplicationEventPublisher publisher, Duration interval, int phase) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("readiness check interval must be positive, got " + interval);
        }
        this.statuses = statuses;
        this.availability = availability;
        this.publisher = publisher;
        this.interval = interval;
        this.phase = phase;
    }

    /** Checks once whether any processor restores, and publishes a readiness change if one is due. */
    public synchronized void check() {
        boolean restoring = statuses.get().values().stream().anyMatch(ProcessorStatus::restoring);
        ReadinessState current = availability.getReadinessState();
        if (restoring && current == ReadinessState.ACCEPTING_TRAFFIC) {
            refused = true;
            log.info("Refusing traffic while Tributary processors restore state");
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
        else if (!restoring && refused) {
            refused = false;
            if (current == ReadinessState.REFUSING_TRAFFIC) {
                log.info("Tributary processors restored their state; accepting traffic");
                AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-readiness");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /** A scheduled task that throws is never run again; one failed check must not end readiness tracking. */
    private void checkSafely() {
        try {
            check();
        }
        catch (RuntimeException ex) {
            log.warn("Tributary readiness check failed; trying again in {}", interval, ex);
        }
    }
}
