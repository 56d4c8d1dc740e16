package io.tributary.e2e.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the stock-ticker sample must write for a given input, computed from the records of {@code stock_ticker} as they
 * are in the topic (partition by partition, in offset order), with the contract's rules and nothing of the
 * framework's code:
 * <ul>
 * <li>Bad input (no value, unparseable JSON or UTF-8, no scalar {@code symbol}, no ISO-8601 or epoch-millis
 *     {@code timestamp}) goes to {@code stock_ticker_dlt} once, from the dedup, with the matching reason. A tick whose
 *     {@code price} is there but not a number passes the dedup and is dead-lettered by each windowed pipeline.</li>
 * <li>Watermark = highest event time seen before the record - 3 min - 1 ms, per input partition.</li>
 * <li>Dedup: the first (symbol, timestamp) passes unchanged, keyed by the symbol; the key is remembered until the
 *     watermark reaches its timestamp + 10 min (a key already past that when first seen is remembered until the
 *     watermark next moves).</li>
 * <li>Windows (tumbling 10 min; sliding 10 min every 5 min) over the dedup's output, which keeps the input's
 *     partition: a window {@code [start, end)} is late for a record when {@code end - 1 <= watermark}; a record goes
 *     into its windows that are not late; a record late for its tumbling window goes to {@code stock_ticker_late}.
 *     A window has fired, with its final result, once the watermark reached {@code end - 1}; at the end of the input
 *     these are exactly the windows with {@code end + 3 min <= the partition's highest event time}.</li>
 * </ul>
 * Each partition's results depend only on that partition's records in order, which the topic fixes, so the results
 * are deterministic however partitions are spread over instances, crashed or moved, and exact equality is asserted.
 */
final class ContractModel {

    static final long BOUND = 3 * 60_000L;
    static final long SCOPE = 10 * 60_000L;
    static final long SIZE = 10 * 60_000L;
    static final long SLIDE = 5 * 60_000L;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Multisets of exact record contents (see {@link #text}), and window results by "symbol|window_start". */
    final Map<String, Integer> dedup = new HashMap<>();
    final Map<String, String> tumbling = new HashMap<>();
    final Map<String, String> sliding = new HashMap<>();
    final Map<String, Integer> late = new HashMap<>();
    final Map<String, Integer> deadLetters = new HashMap<>();
    /** The reason each dead letter must carry, by its content; several when a record is bad in more than one way. */
    final Map<String, Set<String>> reasons = new HashMap<>();
    long records;

    /** A parsed tick: its key fields as the dedup reads them, event time, and price (null: not a number). */
    record Tick(String symbol, String timestampText, long eventTime, @Nullable Long price, boolean priceBad) {
    }

    static ContractModel of(List<ConsumerRecord<byte[], byte[]>> input) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        input.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
        ContractModel model = new ContractModel();
        byPartition.values().forEach(model::partition);
        return model;
    }

    private void partition(List<ConsumerRecord<byte[], byte[]>> records) {
        long highest = Long.MIN_VALUE;
        Map<String, Long> remembered = new HashMap<>();
        Map<String, long[]> openTumbling = new HashMap<>();
        Map<String, long[]> openSliding = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> sorted = new ArrayList<>(records);
        sorted.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> record : sorted) {
            this.records++;
            String value = text(record.value());
            Tick tick;
            try {
                tick = parse(record.value());
            }
            catch (BadInput bad) {
                deadLetters.merge(value, 1, Integer::sum);
                reasons.computeIfAbsent(value, v -> new HashSet<>()).addAll(bad.reasons);
                continue;
            }
            long watermark = highest == Long.MIN_VALUE ? Long.MIN_VALUE : highest - BOUND - 1;
            String key = tick.symbol() + '|' + tick.timestampText();
            if (remembered.containsKey(key)) {
                continue; // a duplicate never carries a new highest time: the watermark stays
            }
            remembered.put(key, tick.eventTime() + SCOPE);
            dedup.merge(tick.symbol() + '\u0000' + value, 1, Integer::sum);
            if (tick.priceBad()) {
                // dead-lettered by the tumbling and the sliding pipeline, before any window changes
                deadLetters.merge(value, 2, Integer::sum);
                reasons.computeIfAbsent(value, v -> new HashSet<>()).add("processing-error");
            }
            else {
                boolean anyTumbling = addToWindows(openTumbling, SIZE, tick, highest);
                addToWindows(openSliding, SLIDE, tick, highest);
                if (!anyTumbling) {
                    late.merge(value, 1, Integer::sum);
                }
            }
            long newHighest = Math.max(highest, tick.eventTime());
            if (newHighest != highest) {
                long newWatermark = newHighest - BOUND - 1;
                if (newWatermark > watermark) {
                    remembered.values().removeIf(timer -> timer <= newWatermark);
                }
                highest = newHighest;
            }
        }
        fired(openTumbling, highest, tumbling);
        fired(openSliding, highest, sliding);
    }

    /** Adds the tick to each of its windows that is not late; returns whether there was one. */
    private static boolean addToWindows(Map<String, long[]> open, long slide, Tick tick, long highestBefore) {
        long ts = tick.eventTime();
        boolean any = false;
        for (long start = ts - Math.floorMod(ts, slide); start > ts - SIZE; start -= slide) {
            long end = start + SIZE;
            if (highestBefore != Long.MIN_VALUE && end + BOUND <= highestBefore) {
                continue;
            }
            any = true;
            long[] result = open.computeIfAbsent(tick.symbol() + '|' + Instant.ofEpochMilli(start),
                    k -> new long[] {Long.MIN_VALUE, 0, end});
            if (tick.price() != null) {
                result[0] = Math.max(result[0], tick.price());
            }
            result[1]++;
        }
        return any;
    }

    private static void fired(Map<String, long[]> open, long highest, Map<String, String> into) {
        open.forEach((window, result) -> {
            if (result[2] + BOUND <= highest) {
                into.put(window, result(result[0] == Long.MIN_VALUE ? null : result[0], result[1]));
            }
        });
    }

    static String result(@Nullable Long max, long count) {
        return "max=" + max + " count=" + count;
    }

    /** Reads a value as the contract reads it, or says why it is bad input. */
    static Tick parse(byte @Nullable [] value) throws BadInput {
        if (value == null) {
            throw new BadInput("null-value");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        }
        catch (JacksonException ex) {
            throw new BadInput("deserialization");
        }
        String symbol = scalar(node.get("symbol"));
        JsonNode timestamp = node.get("timestamp");
        String timestampText = scalar(timestamp);
        Long eventTime = eventTime(timestamp);
        if (symbol == null || timestampText == null || eventTime == null) {
            BadInput bad = new BadInput();
            if (symbol == null) {
                bad.reasons.add("missing-key");
            }
            if (timestampText == null) {
                bad.reasons.add("missing-key"); // the dedup's key is (symbol, timestamp)
            }
            if (eventTime == null) {
                bad.reasons.add("missing-timestamp");
            }
            throw bad;
        }
        JsonNode price = node.get("price");
        boolean priceBad = price != null && !price.isNull() && !price.isNumber();
        Long priceValue = price != null && price.isIntegralNumber() ? price.longValue() : null;
        return new Tick(symbol, timestampText, eventTime, priceValue, priceBad);
    }

    private static @Nullable String scalar(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        String text;
        if (node.isString()) {
            text = node.stringValue();
        }
        else if (node.isNumber() || node.isBoolean()) {
            text = node.asString();
        }
        else {
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    private static @Nullable Long eventTime(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            try {
                return Instant.parse(node.stringValue()).toEpochMilli();
            }
            catch (DateTimeParseException | ArithmeticException ex) {
                return null;
            }
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : null;
        }
        return null;
    }

    /** A record's bytes as a map key: ISO-8859-1 keeps every byte, so invalid UTF-8 compares exactly. */
    static String text(byte @Nullable [] bytes) {
        return bytes == null ? "<null>" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static final class BadInput extends Exception {

        final Set<String> reasons = new HashSet<>();

        BadInput(String... reasons) {
            super(null, null, false, false);
            this.reasons.addAll(List.of(reasons));
        }
    }
}
