package io.tributary.enrich;

import java.util.concurrent.CompletionStage;

import tools.jackson.databind.JsonNode;

/**
 * A custom asynchronous call that enriches one record, in place of the declarative HTTP GET: returns at once, and
 * completes its stage later, on any thread, with the JSON to merge into the record, or exceptionally.
 *
 * <p>Called on a processor thread, possibly from several threads at once (one per task thread), and again on a
 * retry; it must not block. A record is looked up again after a crash if its result was not committed, so the call
 * may repeat for the same record.
 */
@FunctionalInterface
public interface AsyncLookup {

    /**
     * Starts the lookup for {@code value}, whose processor key is {@code key}.
     *
     * @return the stage completing with the result to merge; never {@code null}
     */
    CompletionStage<JsonNode> lookup(JsonNode value, String key);
}
