package io.tributary.internals.runtime;

import io.tributary.api.ProcessorDefinition;

/** Names of the topics the runtime owns for a processor. */
public final class InternalTopics {

    private InternalTopics() {
    }

    public static String changelog(String applicationId, ProcessorDefinition<?, ?, ?> definition) {
        return applicationId + "-" + definition.name() + "-changelog";
    }

    public static String repartition(String applicationId, ProcessorDefinition<?, ?, ?> definition) {
        return applicationId + "-" + definition.name() + "-repartition";
    }

    public static String groupId(String applicationId, ProcessorDefinition<?, ?, ?> definition) {
        return applicationId + "-" + definition.name();
    }
}
