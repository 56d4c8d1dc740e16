/**
 * The {@code tributary} actuator endpoint: {@link io.tributary.endpoint.TributaryEndpoint}.
 */
@NullMarked
package io.tributary.endpoint;

import org.jspecify.annotations.NullMarked;
