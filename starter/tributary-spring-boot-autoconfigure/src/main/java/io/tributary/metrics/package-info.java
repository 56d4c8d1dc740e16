/**
 * Micrometer meters of Tributary processors, bound by {@link io.tributary.metrics.TributaryMeterBinder}.
 */
@NullMarked
package io.tributary.metrics;

import org.jspecify.annotations.NullMarked;
