/**
 * Dev mode: with the {@code dev} profile and no {@code spring.kafka.bootstrap-servers}, an embedded broker and a
 * tick generator, so that one command shows the pipelines working.
 */
@NullMarked
package io.tributary.samples.stockticker.dev;

import org.jspecify.annotations.NullMarked;
