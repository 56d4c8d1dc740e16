/**
 * Auto-configuration of the {@code tributary} actuator endpoint.
 */
@NullMarked
package io.tributary.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
