/**
 * Tick generation: the tick factory shared by dev mode and the standalone {@code --generate} loader.
 */
@NullMarked
package io.tributary.samples.stockticker.generator;

import org.jspecify.annotations.NullMarked;
