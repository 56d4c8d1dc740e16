package io.tributary.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.tributary.api.ProcessorStatus;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Tributary processors on this instance: {@code DOWN} when any processor has failed (its failure in
 * the details), {@code UP} otherwise, with details per processor (running, restoring, assigned partitions, counts).
 *
 * <p>A processor that is slow, or restoring its state, is still {@code UP}: being behind is not being broken, and
 * restarting the instance would only make it further behind. Restoring is reported to readiness instead, by
 * {@link io.tributary.availability.TributaryReadinessPublisher}. Before the processors start, and when the
 * application has none, the indicator is {@code UP} with no details. Thread-safe.
 */
public class TributaryHealthIndicator extends AbstractHealthIndicator {

    private final Supplier<Map<String, ProcessorStatus>> statuses;

    /** @param statuses the current status of each processor by name, empty while none runs */
    public TributaryHealthIndicator(Supplier<Map<String, ProcessorStatus>> statuses) {
        super("Tributary health check failed");
        this.statuses = statuses;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean failed = false;
        for (ProcessorStatus status : statuses.get().values()) {
            failed |= status.failure() != null;
            builder.withDetail(status.name(), details(status));
        }
        if (failed) {
            builder.down();
        }
        else {
            builder.up();
        }
    }

    private static Map<String, Object> details(ProcessorStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", status.running());
        details.put("restoring", status.restoring());
        details.put("assignedPartitions", status.assignedPartitions());
        details.put("recordsIn", status.recordsIn());
        details.put("recordsOut", status.recordsOut());
        details.put("deadLettered", status.deadLettered());
        details.put("commits", status.commits());
        if (status.failure() != null) {
            details.put("failure", status.failure());
        }
        return details;
    }
}
