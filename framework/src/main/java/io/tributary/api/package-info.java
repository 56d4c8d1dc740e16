/**
 * The public API: processor definitions, the keyed process function and its contexts, watermarks, and the
 * {@link io.tributary.api.Tributary} runtime. The shipped key selectors and event-time extractors are in
 * {@link io.tributary.api.KeySelectors} and {@link io.tributary.api.EventTimeExtractors}.
 */
@NullMarked
package io.tributary.api;

import org.jspecify.annotations.NullMarked;
