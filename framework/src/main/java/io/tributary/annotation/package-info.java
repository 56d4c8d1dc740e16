/**
 * Processors declared as annotated bean methods: {@link io.tributary.annotation.KeyedProcessor},
 * {@link io.tributary.annotation.OnTimer} and {@link io.tributary.annotation.SideOutput}, turned into
 * {@link io.tributary.api.ProcessorDefinition}s by {@link io.tributary.annotation.AnnotatedProcessors}.
 */
@NullMarked
package io.tributary.annotation;

import org.jspecify.annotations.NullMarked;
