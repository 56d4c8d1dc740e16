/**
 * The machinery behind {@code io.tributary.annotation}: the function that calls an annotated bean method
 * for each record and timer, and the parsing of annotation attributes.
 */
@NullMarked
package io.tributary.internals.annotation;

import org.jspecify.annotations.NullMarked;
