package io.tributary.api;

import io.tributary.state.TimeDomain;

/**
 * The context of a firing timer: {@link #timestamp()} is the timer's time.
 *
 * @param <K> the key type
 * @param <O> the output value type
 */
public interface TimerContext<K, O> extends ProcessContext<K, O> {

    /** Which clock the firing timer was set on. */
    TimeDomain timeDomain();
}
