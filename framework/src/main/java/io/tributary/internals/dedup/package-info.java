/**
 * Internals: the operator behind {@link io.tributary.dedup.Deduplication}, a keyed process function that
 * remembers each key in keyed state until one timer at the end of its scope clears it.
 */
@NullMarked
package io.tributary.internals.dedup;

import org.jspecify.annotations.NullMarked;
