package io.tributary.samples.stockticker.security;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether anything initialised, constructed or populated an {@link InstantiationGadget}. */
final class GadgetTrace {

    static final AtomicBoolean TOUCHED = new AtomicBoolean();

    private GadgetTrace() {
    }
}
