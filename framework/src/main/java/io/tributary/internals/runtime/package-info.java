/** Internals: the Kafka side of the runtime (poll/process/commit loop, transactions, restoration, topic provisioning). */
@NullMarked
package io.tributary.internals.runtime;

import org.jspecify.annotations.NullMarked;
