/**
 * Dev mode: with the {@code dev} profile and no {@code spring.kafka.bootstrap-servers}, an embedded broker, a
 * tick generator and a company-API stub, so that one command shows the pipelines working.
 */
@NullMarked
package io.tributary.samples.stockticker.dev;

import org.jspecify.annotations.NullMarked;
