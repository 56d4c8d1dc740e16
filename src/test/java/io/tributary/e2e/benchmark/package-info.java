/**
 * The end-to-end benchmark: the plain-client ceiling, Tributary and Kafka Streams run the same jobs on the same
 * generated ticks against one broker, each in its own JVM, and their outputs are checked against a reference model
 * before their speed is reported. Run on demand with the {@code kafka-benchmarks} Maven profile; not a test.
 */
@NullMarked
package io.tributary.e2e.benchmark;

import org.jspecify.annotations.NullMarked;
