package io.tributary.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on what a counting processor committed. */
final class Outputs {

    private Outputs() {
    }

    static Map<String, List<Long>> countsByKey(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Long>> byKey = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Long.parseLong(record.value()));
        }
        return byKey;
    }

    /** Every key's committed counts are exactly 1..expected: nothing lost, nothing doubled. */
    static void assertExactCounts(List<ConsumerRecord<String, String>> records, List<String> keys, long expected) {
        Map<String, List<Long>> byKey = countsByKey(records);
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        List<Long> oneToN = LongStream.rangeClosed(1, expected).boxed().toList();
        byKey.forEach((key, counts) -> assertThat(counts).as("counts of key %s", key).isEqualTo(oneToN));
    }
}
