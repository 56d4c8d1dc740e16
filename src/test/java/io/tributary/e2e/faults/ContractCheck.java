package io.tributary.e2e.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what the sample wrote (read with {@code read_committed}) with the {@link ContractModel}: every expected
 * result present once (else lost), none twice (duplicated), nothing else (unexpected), every dead letter with a
 * reason header the model allows.
 */
final class ContractCheck {

    static final String INPUT = "stock_ticker";
    static final String DEDUP = "stock_ticker_dedup";
    static final String TUMBLING = "stock_max_price_tumbling";
    static final String SLIDING = "stock_max_price_sliding";
    static final String LATE = "stock_ticker_late";
    static final String DLT = "stock_ticker_dlt";
    static final List<String> OUTPUTS = List.of(DEDUP, TUMBLING, SLIDING, LATE, DLT);
    static final String REASON_HEADER = "tributary-dlt-reason";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EXAMPLES = 5;

    /** The counts of one comparison, and examples of what differed. */
    record Outcome(long records, long expected, long seen, long lost, long duplicated, long unexpected,
            long deadLetteredExpected, long deadLettered, long badReasons, List<String> problems) {

        boolean exact() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && badReasons == 0
                    && deadLettered == deadLetteredExpected;
        }
    }

    private final List<String> problems = new ArrayList<>();
    private long lost;
    private long duplicated;
    private long unexpected;

    static Outcome compare(ContractModel model, TopicReader output) {
        return new ContractCheck().run(model, output);
    }

    private Outcome run(ContractModel model, TopicReader output) {
        long expected = 0;
        long seen = 0;
        Map<String, Integer> dedup = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : output.records(DEDUP)) {
            dedup.merge(new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8) + '\u0000'
                    + ContractModel.text(r.value()), 1, Integer::sum);
        }
        expected += total(model.dedup);
        seen += output.records(DEDUP).size();
        multiset(DEDUP, model.dedup, dedup);

        for (var pipeline : List.of(List.of(TUMBLING), List.of(SLIDING))) {
            String topic = pipeline.get(0);
            Map<String, String> want = topic.equals(TUMBLING) ? model.tumbling : model.sliding;
            Map<String, Integer> got = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : output.records(topic)) {
                JsonNode result = JSON.readTree(r.value());
                String window = result.path("symbol").asString() + '|' + result.path("window_start").asString() + ' '
                        + ContractModel.result(result.path("max_price").isNull() ? null
                                : result.path("max_price").asLong(), result.path("count").asLong());
                if (result.has("late_update") || result.has("early")) {
                    problem("not a final result on " + topic + ": " + result);
                }
                got.merge(window, 1, Integer::sum);
            }
            Map<String, Integer> wanted = new HashMap<>();
            want.forEach((window, result) -> wanted.put(window + ' ' + result, 1));
            expected += want.size();
            seen += output.records(topic).size();
            multiset(topic, wanted, got);
        }

        Map<String, Integer> late = new HashMap<>();
        output.records(LATE).forEach(r -> late.merge(ContractModel.text(r.value()), 1, Integer::sum));
        expected += total(model.late);
        seen += output.records(LATE).size();
        multiset(LATE, model.late, late);

        Map<String, Integer> deadLetters = new HashMap<>();
        long badReasons = 0;
        for (ConsumerRecord<byte[], byte[]> r : output.records(DLT)) {
            String value = ContractModel.text(r.value());
            deadLetters.merge(value, 1, Integer::sum);
            Header header = r.headers().lastHeader(REASON_HEADER);
            String reason = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            var allowed = model.reasons.get(value);
            if (reason == null || (allowed != null && !allowed.contains(reason))) {
                badReasons++;
                problem("dead letter with reason " + reason + " (expected one of " + allowed + "): "
                        + abbreviate(value));
            }
        }
        multiset(DLT, model.deadLetters, deadLetters);
        return new Outcome(model.records, expected, seen, lost, duplicated, unexpected, total(model.deadLetters),
                output.records(DLT).size(), badReasons, List.copyOf(problems));
    }

    private void multiset(String topic, Map<String, Integer> want, Map<String, Integer> got) {
        want.forEach((item, count) -> {
            int seen = got.getOrDefault(item, 0);
            if (seen < count) {
                lost += count - seen;
                problem("missing on " + topic + " (" + seen + " of " + count + "): " + abbreviate(item));
            }
            else if (seen > count) {
                duplicated += seen - count;
                problem("repeated on " + topic + " (" + seen + " of " + count + "): " + abbreviate(item));
            }
        });
        got.forEach((item, count) -> {
            if (!want.containsKey(item)) {
                unexpected += count;
                problem("unexpected on " + topic + " (" + count + "x): " + abbreviate(item));
            }
        });
    }

    private void problem(String text) {
        if (problems.size() < 4 * EXAMPLES) {
            problems.add(text);
        }
    }

    private static long total(Map<String, Integer> multiset) {
        return multiset.values().stream().mapToLong(Integer::longValue).sum();
    }

    private static String abbreviate(String text) {
        String printable = text.replace('\u0000', ' ');
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "... (" + printable.length()
                + " chars)";
    }
}
