/** The public API: processor definitions, the keyed process function and its contexts, watermarks, and the {@link io.tributary.api.Tributary} runtime. */
@NullMarked
package io.tributary.api;

import org.jspecify.annotations.NullMarked;
