/** Internals: the per-partition task (state cache, timers, watermarks) that runs a processor's function, independent of Kafka clients. */
@NullMarked
package io.tributary.internals.engine;

import org.jspecify.annotations.NullMarked;
