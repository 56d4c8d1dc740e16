/**
 * A real Kafka broker for integration tests: {@link io.tributary.testing.broker.RealKafka} on a test class, a
 * {@link io.tributary.testing.broker.KafkaBroker} parameter where the test needs it.
 */
@NullMarked
package io.tributary.testing.broker;

import org.jspecify.annotations.NullMarked;
