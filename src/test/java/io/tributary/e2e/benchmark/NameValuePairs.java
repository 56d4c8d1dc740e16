package io.tributary.e2e.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings passed through to a system as one system property of {@code name=value} pairs separated by {@code ;}
 * ({@code bench.streamsProps}, {@code bench.tributaryProps}, {@code bench.rocksDbOptions}), given to the system JVMs
 * with {@code -Dbench.childOptions=-Dbench.streamsProps=...}: to check whether a gain comes from a setting any
 * system could use, without rebuilding anything.
 */
final class NameValuePairs {

    private NameValuePairs() {
    }

    /** The pairs of system property {@code property}, in order; empty when it is unset. */
    static Map<String, String> fromProperty(String property) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : System.getProperty(property, "").split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(property + ": '" + pair + "' is not name=value");
            }
            pairs.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return pairs;
    }
}
