package io.tributary.api;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The answer to a read-only query of one key's state in one processor ({@link Tributary#queryState}).
 *
 * <p>Visibility is read-committed: {@code states} is what the key's task stored at its last commit (at most a
 * commit interval old), all of its states as of that one commit; writes made since then, held in the task's
 * write-back cache until the next commit, are not seen, so a query never shows state that an aborted transaction
 * rolls back. Expired time-to-live entries are left out. Immutable.
 *
 * @param outcome what the query found
 * @param processor the processor queried
 * @param key the key as given
 * @param partition the partition (task) the key belongs to: the processor's key serde and Kafka's default
 *        partitioner, as its repartition topic uses; for a processor reading a source partitioned another way, the
 *        partition of this instance whose store holds the key, when one does
 * @param ownerInstance the {@code instance-id} of the instance that owns the partition, or {@code null} when no
 *        instance owns it at the moment
 * @param ownerHost that instance's address as the Kafka broker sees it (its client's host), or {@code null}
 * @param ownerUrl for a key owned by another instance, the URL that instance advertises
 *        ({@link TributaryConfig#advertisedUrl()}), as of the last rebalance; {@code null} otherwise or when it
 *        advertises none
 * @param states the key's committed value in each state that has one, by state name, as JSON (a map state as an
 *        object, a list state as an array); empty unless {@code outcome} is {@link Outcome#FOUND}
 */
public record StateQueryResult(Outcome outcome, String processor, String key, int partition,
        @Nullable String ownerInstance, @Nullable String ownerHost, @Nullable String ownerUrl,
        Map<String, JsonNode> states) {

    public StateQueryResult {
        states = Map.copyOf(states);
    }

    /** An answer that names no owner URL. */
    public StateQueryResult(Outcome outcome, String processor, String key, int partition,
            @Nullable String ownerInstance, @Nullable String ownerHost, Map<String, JsonNode> states) {
        this(outcome, processor, key, partition, ownerInstance, ownerHost, null, states);
    }

    /** What a state query found. */
    public enum Outcome {
        /** This instance owns the key's partition and holds state for the key. */
        FOUND,
        /** This instance owns the key's partition and holds no state for the key. */
        NOT_FOUND,
        /** Another instance owns the key's partition: ask it ({@code ownerUrl}, {@code ownerInstance}, {@code ownerHost}). */
        OTHER_INSTANCE,
        /** No instance can answer now: the partition is being restored, or moved between instances; retry. */
        UNAVAILABLE
    }
}
