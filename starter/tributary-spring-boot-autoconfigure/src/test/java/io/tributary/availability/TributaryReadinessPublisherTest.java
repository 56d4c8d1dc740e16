package io.tributary.availability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.api.ProcessorStatus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TributaryReadinessPublisherTest {

    private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
    private final List<AvailabilityState> published = new ArrayList<>();
    private final ApplicationEventPublisher publisher = event -> {
        AvailabilityChangeEvent<?> change = (AvailabilityChangeEvent<?>) event;
        published.add(change.getState());
        availability.onApplicationEvent(change);
    };
    private final AtomicReference<Map<String, ProcessorStatus>> statuses = new AtomicReference<>(Map.of());
    private final TributaryReadinessPublisher readiness = new TributaryReadinessPublisher(statuses::get, availability,
            publisher, Duration.ofSeconds(1), 0);

    @Test
    void refusesTrafficWhileRestoringAndAcceptsItOnceRestored() {
        applicationReady();
        statuses.set(Map.of("orders", status(true), "payments", status(false)));

        readiness.check();
        readiness.check();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

        statuses.set(Map.of("orders", status(false), "payments", status(false)));
        readiness.check();
        readiness.check();

        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(published).containsExactly(ReadinessState.ACCEPTING_TRAFFIC, ReadinessState.REFUSING_TRAFFIC,
                ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void leavesTrafficRefusedByOthersRefused() {
        statuses.set(Map.of("orders", status(true)));
        readiness.check();
        statuses.set(Map.of("orders", status(false)));
        readiness.check();

        assertThat(published).isEmpty();
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void refusesAgainWhenTheApplicationBecomesReadyDuringARestore() {
        statuses.set(Map.of("orders", status(true)));
        readiness.check();

        applicationReady();
        readiness.check();

        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void neverChangesLiveness() {
        AvailabilityChangeEvent.publish(publisher, this, LivenessState.CORRECT);
        applicationReady();
        statuses.set(Map.of("orders", status(true)));
        readiness.check();
        statuses.set(Map.of("orders", status(false)));
        readiness.check();

        assertThat(published).filteredOn(LivenessState.class::isInstance).containsExactly(LivenessState.CORRECT);
        assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
    }

    @Test
    void runsBetweenStartAndStop() {
        readiness.start();
        assertThat(readiness.isRunning()).isTrue();

        readiness.stop();
        assertThat(readiness.isRunning()).isFalse();
    }

    @Test
    void rejectsANonPositiveInterval() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TributaryReadinessPublisher(statuses::get,
                availability, publisher, Duration.ZERO, 0)).withMessageContaining("PT0S");
    }

    /** What Spring Boot publishes once the application is ready. */
    private void applicationReady() {
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
    }

    private static ProcessorStatus status(boolean restoring) {
        return new ProcessorStatus("orders", !restoring, restoring, Set.of(0), 0, 0, 0, 0, null, List.of("orders-in"),
                null, 0, 0, 0, Duration.ZERO, 0, 0);
    }
}
