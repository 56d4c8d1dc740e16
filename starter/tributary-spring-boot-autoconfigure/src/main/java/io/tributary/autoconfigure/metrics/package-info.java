/**
 * Auto-configuration of Tributary's Micrometer meters.
 */
@NullMarked
package io.tributary.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
