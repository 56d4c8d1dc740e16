/** Internals: topic-name checks shared by the builders and annotations. */
@NullMarked
package io.tributary.internals.topics;

import org.jspecify.annotations.NullMarked;
