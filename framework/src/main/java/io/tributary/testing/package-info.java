/** Testing processors without a broker: {@link io.tributary.testing.ProcessorTestDriver}. */
@NullMarked
package io.tributary.testing;

import org.jspecify.annotations.NullMarked;
