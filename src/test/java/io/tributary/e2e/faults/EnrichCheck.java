package io.tributary.e2e.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The enrich pipeline's contract, checked against its outputs read with {@code read_committed}: every input record
 * that is a tick ends exactly once, either in {@code stock_ticker_enriched} as the contract's flattened tick (keyed by
 * its symbol; {@code company_info.name} as {@code company_name}, {@code company_info.employees_count} as
 * {@code employees_count}, the API's {@code sector} and {@code rating}, nothing else) or unchanged in
 * {@code stock_ticker_enrich_dlt} with an enrichment reason; every record that is no tick in {@code stock_ticker_dlt}
 * with its reason. Which ticks the API failed for depends on timing, so the check is that each tick is in one place or
 * the other, once: an input value sent n times must be found n times over both topics.
 */
final class EnrichCheck {

    static final String ENRICHED = "stock_ticker_enriched";
    static final String FAILURES = "stock_ticker_enrich_dlt";
    static final List<String> OUTPUTS = List.of(ENRICHED, FAILURES, ContractCheck.DLT);
    /** Why the enrich pipeline gives a tick up: failed after its retries, or refused by the open circuit. */
    static final Set<String> FAILURE_REASONS = Set.of("enrichment-failed", "circuit-open");
    /** Why a record is no tick for the enrich pipeline, which reads the symbol as key and the timestamp as event time. */
    static final Set<String> BAD_INPUT_REASONS = Set.of("null-value", "deserialization", "missing-key",
            "missing-timestamp");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EXAMPLES = 20;

    private final List<String> problems = new ArrayList<>();
    private long lost;
    private long duplicated;
    private long unexpected;
    private long badReasons;

    /** The enrich pipeline's results, and how many of the ticks it gave up on. */
    record Result(ContractCheck.Outcome outcome, long enriched, long failed) {
    }

    static Result compare(List<ConsumerRecord<byte[], byte[]>> input, TopicReader output) {
        return new EnrichCheck().run(input, output);
    }

    private Result run(List<ConsumerRecord<byte[], byte[]>> input, TopicReader output) {
        // by input value: how often it was sent, and the enriched tick it must become
        Map<String, Integer> ticks = new HashMap<>();
        Map<String, JsonNode> enrichedTick = new HashMap<>();
        Map<String, Integer> badInput = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : input) {
            String value = ContractModel.text(record.value());
            try {
                ContractModel.parse(record.value());
            }
            catch (ContractModel.BadInput bad) {
                badInput.merge(value, 1, Integer::sum);
                continue;
            }
            ticks.merge(value, 1, Integer::sum);
            enrichedTick.computeIfAbsent(value, v -> enriched(JSON.readTree(record.value())));
        }
        Map<JsonNode, String> tickOf = new HashMap<>();
        enrichedTick.forEach((value, enriched) -> tickOf.put(enriched, value));

        Map<String, Integer> found = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : output.records(ENRICHED)) {
            JsonNode value = JSON.readTree(record.value());
            String tick = tickOf.get(value);
            if (tick == null) {
                unexpected++;
                problem("unexpected on " + ENRICHED + ": " + value);
                continue;
            }
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (!value.path("symbol").asString().equals(key)) {
                unexpected++;
                problem("enriched tick keyed " + key + ": " + value);
                continue;
            }
            found.merge(tick, 1, Integer::sum);
        }
        for (ConsumerRecord<byte[], byte[]> record : output.records(FAILURES)) {
            String value = ContractModel.text(record.value());
            if (!ticks.containsKey(value)) {
                unexpected++;
                problem("unexpected on " + FAILURES + ": " + value);
                continue;
            }
            reason(record, FAILURE_REASONS, FAILURES);
            found.merge(value, 1, Integer::sum);
        }
        ticks.forEach((tick, sent) -> {
            int seen = found.getOrDefault(tick, 0);
            if (seen < sent) {
                lost += sent - seen;
                problem("neither enriched nor dead-lettered (" + seen + " of " + sent + "): " + tick);
            }
            else if (seen > sent) {
                duplicated += seen - sent;
                problem("enriched or dead-lettered " + seen + " times (sent " + sent + "): " + tick);
            }
        });

        Map<String, Integer> deadLetters = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : output.records(ContractCheck.DLT)) {
            deadLetters.merge(ContractModel.text(record.value()), 1, Integer::sum);
            reason(record, BAD_INPUT_REASONS, ContractCheck.DLT);
        }
        badInput.forEach((value, sent) -> {
            int seen = deadLetters.getOrDefault(value, 0);
            if (seen != sent) {
                lost += Math.max(0, sent - seen);
                duplicated += Math.max(0, seen - sent);
                problem("bad input dead-lettered " + seen + " times (sent " + sent + "): " + value);
            }
        });
        deadLetters.forEach((value, seen) -> {
            if (!badInput.containsKey(value)) {
                unexpected += seen;
                problem("unexpected on " + ContractCheck.DLT + ": " + value);
            }
        });
        long expected = ticks.values().stream().mapToLong(Integer::longValue).sum();
        long enriched = output.records(ENRICHED).size();
        long failed = output.records(FAILURES).size();
        ContractCheck.Outcome outcome = new ContractCheck.Outcome(input.size(), expected, enriched + failed, lost,
                duplicated, unexpected, badInput.values().stream().mapToLong(Integer::longValue).sum(),
                output.records(ContractCheck.DLT).size(), badReasons, List.copyOf(problems));
        return new Result(outcome, enriched, failed);
    }

    /** The contract's enriched tick for an input tick, with the API's answer for its symbol. */
    static JsonNode enriched(JsonNode tick) {
        ObjectNode out = JSON.createObjectNode();
        tick.properties().forEach(field -> {
            if (!field.getKey().equals("company_info")) {
                out.set(field.getKey(), field.getValue());
            }
        });
        JsonNode company = tick.path("company_info");
        out.set("company_name", company.path("name"));
        out.set("employees_count", company.path("employees_count"));
        String[] answer = CompanyApi.COMPANIES.get(tick.path("symbol").asString());
        out.put("sector", answer == null ? null : answer[0]);
        out.put("rating", answer == null ? null : answer[1]);
        return out;
    }

    private void reason(ConsumerRecord<byte[], byte[]> record, Set<String> allowed, String topic) {
        Header header = record.headers().lastHeader(ContractCheck.REASON_HEADER);
        @Nullable String reason = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (reason == null || !allowed.contains(reason)) {
            badReasons++;
            problem("dead letter on " + topic + " with reason " + reason + " (expected one of " + allowed + "): "
                    + ContractModel.text(record.value()));
        }
    }

    private void problem(String text) {
        if (problems.size() < EXAMPLES) {
            problems.add(text.length() <= 300 ? text : text.substring(0, 300) + "...");
        }
    }
}
