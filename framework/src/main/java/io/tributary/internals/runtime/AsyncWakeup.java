package io.tributary.internals.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Wakes a processor thread when a continuation of asynchronous work arrives from another thread. Exists because
 * {@code consumer.wakeup()} cannot serve: it makes the consumer's next blocking call throw, whichever call that
 * is (a commit, a committed-offsets lookup), not just the poll. So while all its inputs are paused, or a commit in
 * the background is adding its offsets (when the thread must not poll), the thread parks here instead of in
 * {@code poll}, and a completion unparks it at once.
 *
 * <p>{@link #run()} is called from any thread and never blocks; the other methods are the processor thread's.
 */
final class AsyncWakeup implements Runnable {

    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile @Nullable Thread waiter;

    @Override
    public void run() {
        if (signalled.compareAndSet(false, true)) {
            Thread thread = waiter;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** Whether a signal arrived since the last {@link #clear()}. */
    boolean signalled() {
        return signalled.get();
    }

    void clear() {
        signalled.set(false);
    }

    /** Parks until signalled or {@code timeout} passed. */
    void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiter = Thread.currentThread();
        try {
            long remaining;
            while (!signalled.get() && (remaining = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, remaining);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
        finally {
            waiter = null;
        }
    }
}
