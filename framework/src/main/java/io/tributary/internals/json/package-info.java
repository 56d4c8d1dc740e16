/**
 * The machinery behind the JSON key selectors and event-time extractors of {@code io.tributary.api}: dotted
 * field paths resolved against Jackson trees, an allocation-free ISO-8601 parser, and the {@code long}-millis
 * extraction the engine uses to skip {@link java.time.Instant} boxing on the hot path.
 */
@NullMarked
package io.tributary.internals.json;

import org.jspecify.annotations.NullMarked;
