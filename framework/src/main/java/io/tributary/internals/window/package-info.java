/**
 * Internals: the window operator behind {@link io.tributary.window.WindowedAggregation}, a keyed process function
 * over keyed state and timers, and the built-in aggregations.
 */
@NullMarked
package io.tributary.internals.window;

import org.jspecify.annotations.NullMarked;
