/**
 * Spring Boot auto-configuration for Tributary: {@link io.tributary.autoconfigure.TributaryProperties} bound from
 * {@code tributary.*}, a {@link io.tributary.api.TributaryConfig} built from them and Spring Boot's Kafka settings,
 * and {@link io.tributary.autoconfigure.TributaryLifecycle}, which runs the application's processors.
 */
@NullMarked
package io.tributary.autoconfigure;

import org.jspecify.annotations.NullMarked;
