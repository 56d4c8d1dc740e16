/**
 * Spring Boot auto-configuration for Tributary: {@link io.tributary.autoconfigure.TributaryProperties} bound from
 * {@code tributary.*}, a {@link io.tributary.api.TributaryConfig} built from them and Spring Boot's Kafka settings,
 * and {@link io.tributary.autoconfigure.TributaryLifecycle}, which runs the application's processors and announces
 * them with a {@link io.tributary.autoconfigure.TributaryStartedEvent}. The auto-configuration of metrics, health and
 * the actuator endpoint is in the sub-packages; the pieces they configure in {@code io.tributary.metrics},
 * {@code io.tributary.health}, {@code io.tributary.endpoint} and {@code io.tributary.availability}.
 */
@NullMarked
package io.tributary.autoconfigure;

import org.jspecify.annotations.NullMarked;
