/**
 * Auto-configuration of what enrichments share: resilience4j registries, HTTP client, scheduler.
 */
@NullMarked
package io.tributary.autoconfigure.enrich;

import org.jspecify.annotations.NullMarked;
