package io.tributary.internals.enrich;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The deadlines of HTTP exchanges, kept in slots of {@value #SLOT_MILLIS} ms (a timing wheel): an exchange joins the
 * slot its deadline falls in and leaves it when it completes; when a slot's time is up, what is still in it expires.
 * A deadline so fires up to one slot late, never early.
 *
 * <p>Exists because a timer per exchange ({@code CompletableFuture.orTimeout}) costs a task in a shared
 * {@code ScheduledThreadPoolExecutor}'s heap, under its lock, and removing it from the middle of that heap when the
 * answer comes, which took about 5% of the HTTP client's I/O thread in the benchmark's profile: nearly every
 * exchange completes long before its deadline. Here joining is a set insertion and leaving a removal, and a timer
 * task is scheduled per slot, not per exchange.
 *
 * <p>Thread-safe. Expiry actions run on the one daemon thread {@code tributary-enrich-http-deadlines}, shared by the
 * JVM; they must be short and must not block.
 */
final class ExchangeDeadlines {

    static final long SLOT_MILLIS = 10;
    private static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(SLOT_MILLIS);

    /** The JVM's deadlines, started on first use. */
    static ExchangeDeadlines shared() {
        return Shared.INSTANCE;
    }

    /** One exchange's deadline: {@link #cancel} it when the exchange completes first. */
    static final class Deadline {

        private final Slot slot;
        private final Runnable onExpiry;

        private Deadline(Slot slot, Runnable onExpiry) {
            this.slot = slot;
            this.onExpiry = onExpiry;
        }

        /** Forgets the deadline; its action will not run (unless it is running already). */
        void cancel() {
            slot.members.remove(this);
        }
    }

    private static final class Slot {

        final long index;
        final Set<Deadline> members = ConcurrentHashMap.newKeySet();
        /** Guarded by {@code this}: once set, no deadline joins. */
        boolean expired;

        Slot(long index) {
            this.index = index;
        }
    }

    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<Long, Slot> slots = new ConcurrentHashMap<>();
    /** The slot the last deadline joined: consecutive exchanges with one time-out mostly share it. */
    private volatile @Nullable Slot recent;

    ExchangeDeadlines(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Runs {@code onExpiry} (on the timer thread) once {@code timeoutNanos} have passed from now, unless the returned
     * deadline is cancelled first. A deadline already due, or one the timer refuses, runs {@code onExpiry} at once
     * on the calling thread.
     */
    Deadline start(long timeoutNanos, Runnable onExpiry) {
        long now = System.nanoTime();
        // the first slot ending at or after the deadline; indexes stay exact across nanoTime's sign changes
        long index = Math.floorDiv(now + timeoutNanos, SLOT_NANOS) + 1;
        Slot slot = recent;
        if (slot == null || slot.index != index) {
            slot = slots.computeIfAbsent(index, this::open);
            recent = slot;
        }
        Deadline deadline = new Deadline(slot, onExpiry);
        synchronized (slot) {
            if (!slot.expired) {
                slot.members.add(deadline);
                return deadline;
            }
        }
        onExpiry.run();
        return deadline;
    }

    private Slot open(long index) {
        Slot slot = new Slot(index);
        long delay = index * SLOT_NANOS - System.nanoTime();
        try {
            timer.schedule(() -> expire(slot), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException ex) {
            // a timer shut down expires every slot at once, so that no deadline is lost
            slot.expired = true;
        }
        return slot;
    }

    private void expire(Slot slot) {
        slots.remove(slot.index, slot);
        synchronized (slot) {
            slot.expired = true;
        }
        for (Deadline deadline : slot.members) {
            if (slot.members.remove(deadline)) {
                deadline.onExpiry.run();
            }
        }
    }

    private static final class Shared {
        static final ExchangeDeadlines INSTANCE = new ExchangeDeadlines(Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "tributary-enrich-http-deadlines");
                    thread.setDaemon(true);
                    return thread;
                }));
    }
}
