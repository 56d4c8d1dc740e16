package io.tributary.internals.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/** The one check of topic names that every processor builder and annotation applies. */
public final class TopicNames {

    private TopicNames() {
    }

    /** Returns {@code topic}, or fails naming its {@code role} when it is null or blank. */
    public static String require(@Nullable String topic, String role) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(role + " topic must not be blank, got '" + topic + "'");
        }
        return topic;
    }

    /** The topics named by annotation entries, each resolved and split on commas; blanks are skipped. */
    public static List<String> split(String[] entries, UnaryOperator<String> resolve) {
        List<String> topics = new ArrayList<>();
        for (String entry : entries) {
            for (String topic : resolve.apply(entry).split(",")) {
                if (!topic.isBlank()) {
                    topics.add(topic.strip());
                }
            }
        }
        return topics;
    }
}
