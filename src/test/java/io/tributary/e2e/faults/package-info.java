/**
 * The fault-injection suite: the stock-ticker sample's executable jar and a Kafka broker, each a process of its own,
 * under crashes, scaling, broker restarts and poison input, with every output checked against a model of the
 * sample's contract computed from the input topic.
 */
@NullMarked
package io.tributary.e2e.faults;

import org.jspecify.annotations.NullMarked;
