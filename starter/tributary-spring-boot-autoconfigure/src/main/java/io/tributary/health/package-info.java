/**
 * Health of Tributary processors for Spring Boot's health endpoint: {@link io.tributary.health.TributaryHealthIndicator}.
 */
@NullMarked
package io.tributary.health;

import org.jspecify.annotations.NullMarked;
