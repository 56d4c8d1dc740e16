package io.tributary.e2e.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.e2e.benchmark.ReferenceModel.Expected;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what a system wrote to its output topic for the bulk input with the reference model: the pipe's records
 * (order-independent checksum), the dedup's first occurrences (each once, none missing, none extra), the windows'
 * final results (each window once, with the expected max and count). Systems are compared with the model, not with
 * each other, so two systems that agree with it agree with each other. Not thread-safe.
 */
final class OutputCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EXAMPLES = 5;

    private final Job job;
    private final Expected expected;
    private long records;
    private long checksum;
    private final Set<Long> dedupSeen = new HashSet<>();
    private long priceSum;
    private final Map<Long, long[]> windows = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<Long, Integer> enrichedLeft;
    private final boolean partial;
    private int unexpected;
    private int repeated;

    /**
     * @param partial whether the system was stopped before finishing its input (a time-boxed blocking enrichment):
     *        then each output must be right, but missing ones are not counted
     */
    OutputCheck(Job job, Expected expected, boolean partial) {
        this.job = job;
        this.expected = expected;
        this.partial = partial;
        this.enrichedLeft = job == Job.ENRICH ? new HashMap<>(expected.enriched()) : Map.of();
    }

    void accept(byte[] key, byte[] value) {
        records++;
        switch (job) {
            case PIPE -> checksum += Expected.recordHash(key, value);
            case DEDUP -> {
                JsonNode tick = JSON.readTree(value);
                long code = tickCode(tick, expected.symbols());
                if (!expected.dedupKeys().contains(code)) {
                    note(unexpected++, "unexpected dedup output " + Expected.text(value));
                }
                if (!dedupSeen.add(code)) {
                    note(repeated++, "dedup output twice: " + Expected.text(value));
                }
                priceSum += tick.get("price").asLong();
            }
            case ENRICH -> {
                JsonNode tick = JSON.readTree(value);
                long hash = Expected.enrichedHash(text(tick, "symbol"), tick.path("price").asLong(-1),
                        Instant.parse(text(tick, "timestamp")).toEpochMilli(), text(tick, "company_name"),
                        tick.path("employees_count").asLong(-1), text(tick, "sector"), text(tick, "rating"));
                Integer left = enrichedLeft.get(hash);
                if (left == null) {
                    note(unexpected++, "unexpected enrichment output " + Expected.text(value));
                }
                else if (left == 0) {
                    note(repeated++, "enrichment output more often than its input: " + Expected.text(value));
                }
                else {
                    enrichedLeft.put(hash, left - 1);
                }
            }
            case TUMBLING, SLIDING -> {
                JsonNode result = JSON.readTree(value);
                int symbol = expected.symbols().index(result.get("symbol").asString());
                long start = Instant.parse(result.get("window_start").asString()).toEpochMilli();
                long closedBy = start + Job.WINDOW.toMillis() + Job.OUT_OF_ORDERNESS.toMillis();
                if (closedBy > expected.highestPerPartition()[expected.symbols().partition(symbol)]) {
                    records--;
                    return; // closed by the latency phase's ticks, not by the bulk input
                }
                long code = Expected.code(symbol, start);
                long[] values = {result.get("max_price").asLong(), result.get("count").asLong()};
                if (windows.put(code, values) != null) {
                    note(repeated++, "window emitted twice: " + Expected.text(value));
                }
            }
        }
    }

    long records() {
        return records;
    }

    /** The differences from the reference model, empty when the output is complete and exact. */
    List<String> problems() {
        List<String> all = new ArrayList<>(problems);
        switch (job) {
            case PIPE -> {
                if (records != expected.records() || checksum != expected.pipeChecksum()) {
                    all.add("pipe wrote " + records + " records (expected " + expected.records() + "), checksum "
                            + (checksum == expected.pipeChecksum() ? "equal" : "different"));
                }
            }
            case DEDUP -> {
                if (dedupSeen.size() != expected.firstOccurrences() || priceSum != expected.firstOccurrencePriceSum()) {
                    all.add("dedup wrote " + records + " records, " + dedupSeen.size() + " distinct (expected "
                            + expected.firstOccurrences() + "), price sum " + priceSum + " (expected "
                            + expected.firstOccurrencePriceSum() + ")");
                }
            }
            case ENRICH -> {
                long missing = enrichedLeft.values().stream().mapToLong(Integer::longValue).sum();
                if (!partial && missing > 0) {
                    all.add("enrichment wrote " + records + " records; " + missing + " inputs have no output");
                }
            }
            case TUMBLING, SLIDING -> {
                Map<Long, long[]> want = expected.windows(job);
                int missing = 0;
                int wrong = 0;
                for (Map.Entry<Long, long[]> entry : want.entrySet()) {
                    long[] got = windows.get(entry.getKey());
                    if (got == null) {
                        note(all, missing++, "missing window " + describe(entry.getKey(), entry.getValue()));
                    }
                    else if (!Arrays.equals(got, entry.getValue())) {
                        note(all, wrong++, "window " + describe(entry.getKey(), got) + " expected "
                                + Arrays.toString(entry.getValue()));
                    }
                }
                int extra = 0;
                for (Map.Entry<Long, long[]> entry : windows.entrySet()) {
                    if (!want.containsKey(entry.getKey())) {
                        note(all, extra++, "unexpected window " + describe(entry.getKey(), entry.getValue()));
                    }
                }
                if (missing + wrong + extra > 0 || windows.size() != want.size()) {
                    all.add(windows.size() + " windows (expected " + want.size() + "): " + missing + " missing, " + wrong
                            + " wrong, " + extra + " unexpected");
                }
            }
        }
        if (unexpected + repeated > 0) {
            all.add(unexpected + " unexpected and " + repeated + " repeated outputs");
        }
        return all;
    }

    private String describe(long code, long[] values) {
        long start = Expected.timeOf(code);
        return expected.symbols().name(Expected.symbolOf(code)) + " [" + Instant.ofEpochMilli(start) + ", "
                + Instant.ofEpochMilli(start + Job.WINDOW.toMillis()) + ") max/count " + Arrays.toString(values);
    }

    private void note(int countBefore, String problem) {
        note(problems, countBefore, problem);
    }

    private static void note(List<String> into, int countBefore, String problem) {
        if (countBefore < EXAMPLES) {
            into.add(problem);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? "<missing>" : value.asString();
    }

    /** (symbol, event time) of a tick, as the reference model codes it. */
    static long tickCode(JsonNode tick, TickStream.Symbols symbols) {
        return Expected.code(symbols.index(tick.get("symbol").asString()),
                Instant.parse(tick.get("timestamp").asString()).toEpochMilli());
    }

    /** What an output record is matched by in the latency phase: (symbol, event time) or (symbol, window end). */
    static long latencyCode(Job job, byte[] value, TickStream.Symbols symbols) {
        JsonNode node = JSON.readTree(value);
        if (job.windowed()) {
            return Expected.code(symbols.index(node.get("symbol").asString()),
                    Instant.parse(node.get("window_end").asString()).toEpochMilli());
        }
        return tickCode(node, symbols);
    }
}
