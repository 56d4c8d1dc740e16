package io.tributary.autoconfigure;

import io.tributary.api.Tributary;
import org.springframework.context.ApplicationEvent;

/**
 * Published by {@link TributaryLifecycle} once the application's processors have started, so components that need
 * the processors' names (meter binders, for one) can look at them; not published when the application defines no
 * processor. Published again after each restart of the context.
 *
 * <p>Published on the thread that started the context, after {@link TributaryLifecycle#tributary()} returns the
 * runtime.
 */
public class TributaryStartedEvent extends ApplicationEvent {

    private final Tributary tributary;

    public TributaryStartedEvent(TributaryLifecycle source, Tributary tributary) {
        super(source);
        this.tributary = tributary;
    }

    /** The runtime that started; owned by the lifecycle, which closes it. */
    public Tributary tributary() {
        return tributary;
    }
}
