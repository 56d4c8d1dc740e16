/**
 * Tributary's part in Spring Boot's application availability:
 * {@link io.tributary.availability.TributaryReadinessPublisher} refuses traffic while processors restore state.
 */
@NullMarked
package io.tributary.availability;

import org.jspecify.annotations.NullMarked;
