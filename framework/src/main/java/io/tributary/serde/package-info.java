/** Serialization of keys, values and state: {@link io.tributary.serde.Serde} and the shipped {@link io.tributary.serde.Serdes}. */
@NullMarked
package io.tributary.serde;

import org.jspecify.annotations.NullMarked;
