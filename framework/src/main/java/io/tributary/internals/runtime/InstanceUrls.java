package io.tributary.internals.runtime;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The advertised URLs of the instances in one processor's consumer group, by instance id, as the group's last
 * assignment carried them (see {@link CoPartitionedAssignor}); and this instance's own, which its consumers put in
 * their subscriptions.
 *
 * <p>Why in the assignment protocol: the broker reports a member's host but not how to reach its HTTP endpoint, and
 * the assignment is the one message every member gets from every rebalance, so each instance learns the others'
 * URLs with no extra topic or request. Shared by the consumer threads of one processor; thread-safe.
 */
final class InstanceUrls {

    /**
     * The consumer configuration key that hands this object to the consumer's assignor; Kafka passes a consumer's
     * original configuration to {@code Configurable} assignors.
     */
    static final String CONFIG = "tributary.instance.urls";

    private final String instanceId;
    private final @Nullable String ownUrl;
    private volatile Map<String, String> known = Map.of();

    InstanceUrls(String instanceId, @Nullable String ownUrl) {
        this.instanceId = instanceId;
        this.ownUrl = ownUrl;
    }

    /** The URL instance {@code id} advertised at the last rebalance, or {@code null}. */
    @Nullable String urlOf(String id) {
        return id.equals(instanceId) ? ownUrl : known.get(id);
    }

    /** This instance's subscription user data: its id and URL, or {@code null} when it advertises none. */
    byte @Nullable [] subscriptionData() {
        return ownUrl == null ? null : encode(Map.of(instanceId, ownUrl));
    }

    void learn(Map<String, String> urls) {
        known = Map.copyOf(urls);
    }

    /** Lines of {@code id<TAB>url}: ids are {@code [A-Za-z0-9._-]}, URLs have no tabs or line breaks. */
    static byte[] encode(Map<String, String> urls) {
        StringBuilder text = new StringBuilder();
        urls.forEach((id, url) -> text.append(id).append('\t').append(url).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> decode(byte @Nullable [] data) {
        Map<String, String> urls = new LinkedHashMap<>();
        if (data == null) {
            return urls;
        }
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                urls.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return urls;
    }
}
