package io.tributary.e2e.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.tributary.e2e.benchmark.TickStream.Tick;

/**
 * What each job must output for the bulk input, computed directly from the ticks with Flink's rules, partition by
 * partition (each partition is one task with its own watermark, in Tributary and in Kafka Streams alike):
 * <ul>
 * <li>a window {@code [start, end)} is late for a record when {@code end + 3 min <= highest event time seen before
 *     it} (Flink: {@code end - 1 <= watermark}; Kafka Streams: {@code end <= stream time - grace}, the same set);</li>
 * <li>a window fires, once, when the highest event time reaches {@code end + 3 min}; at the end of the bulk input the
 *     windows fired are exactly those with {@code end + 3 min <= the partition's highest event time};</li>
 * <li>dedup keeps the first occurrence of each (symbol, timestamp) in partition order. The generator repeats a tick
 *     at most a few hundred records later and moves event time back by at most 5 min, so every duplicate falls within
 *     the 10 min scope in both systems and no key is forgotten while a duplicate of it is still to come.</li>
 * </ul>
 */
final class ReferenceModel {

    private static final long BOUND = Job.OUT_OF_ORDERNESS.toMillis();

    private final TickStream stream;
    private final long[] highest;
    private final Map<Long, long[]> tumbling = new HashMap<>();
    private final Map<Long, long[]> sliding = new HashMap<>();
    private final Set<Long> seen = new HashSet<>();
    private int firstOccurrences;
    private long firstOccurrencePriceSum;
    private long pipeChecksum;
    private long records;

    private ReferenceModel(TickStream stream, int partitions) {
        this.stream = stream;
        this.highest = new long[partitions];
        java.util.Arrays.fill(highest, Long.MIN_VALUE);
    }

    /** Runs the model over the first {@code settings.bulkTicks()} ticks (enrichment: {@code enrichRecords}). */
    static Expected compute(BenchmarkSettings settings) {
        TickStream stream = new TickStream(settings);
        ReferenceModel model = new ReferenceModel(stream, settings.partitions());
        for (int i = 0; i < settings.bulkTicks(); i++) {
            model.accept(stream.next());
        }
        Map<Long, Integer> enriched = new HashMap<>();
        TickStream enrichInput = new TickStream(settings);
        for (int i = 0; i < settings.enrichRecords(); i++) {
            Tick tick = enrichInput.next();
            String symbol = enrichInput.symbols().name(tick.symbol());
            enriched.merge(Expected.enrichedHash(symbol, tick.price(), tick.timestamp(), TickStream.companyName(symbol),
                    TickStream.employees(tick.symbol()), CompanyApiStub.sector(tick.symbol()),
                    CompanyApiStub.rating(tick.symbol())), 1, Integer::sum);
        }
        return model.expected(enriched);
    }

    private void accept(Tick tick) {
        records++;
        int partition = stream.symbols().partition(tick.symbol());
        pipeChecksum += Expected.recordHash(stream.symbols().key(tick.symbol()), stream.json(tick));
        long before = highest[partition];
        long code = Expected.code(tick.symbol(), tick.timestamp());
        if (seen.add(code)) {
            firstOccurrences++;
            firstOccurrencePriceSum += tick.price();
        }
        addToWindows(tumbling, Job.TUMBLING, tick, before);
        addToWindows(sliding, Job.SLIDING, tick, before);
        highest[partition] = Math.max(before, tick.timestamp());
    }

    private static void addToWindows(Map<Long, long[]> windows, Job job, Tick tick, long highestBefore) {
        long size = Job.WINDOW.toMillis();
        long slide = job.slideMillis();
        long ts = tick.timestamp();
        for (long start = ts - Math.floorMod(ts, slide); start > ts - size; start -= slide) {
            long end = start + size;
            if (highestBefore != Long.MIN_VALUE && end + BOUND <= highestBefore) {
                continue;
            }
            long[] result = windows.computeIfAbsent(Expected.code(tick.symbol(), start),
                    k -> new long[] {Long.MIN_VALUE, 0});
            result[0] = Math.max(result[0], tick.price());
            result[1]++;
        }
    }

    private Expected expected(Map<Long, Integer> enriched) {
        return new Expected(records, pipeChecksum, seen, firstOccurrences, firstOccurrencePriceSum,
                fired(tumbling), fired(sliding), highest.clone(), enriched, stream.symbols());
    }

    private Map<Long, long[]> fired(Map<Long, long[]> windows) {
        Map<Long, long[]> fired = new HashMap<>();
        windows.forEach((code, result) -> {
            int symbol = Expected.symbolOf(code);
            long end = Expected.timeOf(code) + Job.WINDOW.toMillis();
            if (end + BOUND <= highest[stream.symbols().partition(symbol)]) {
                fired.put(code, result);
            }
        });
        return fired;
    }

    /** The expected outputs of the bulk input, and the helpers to compare a system's output with them. */
    record Expected(long records, long pipeChecksum, Set<Long> dedupKeys, int firstOccurrences,
            long firstOccurrencePriceSum, Map<Long, long[]> tumbling, Map<Long, long[]> sliding,
            long[] highestPerPartition, Map<Long, Integer> enriched, TickStream.Symbols symbols) {

        /** (symbol, time) in one long: the symbol in the high bits, epoch millis in the low 42. */
        static long code(int symbol, long millis) {
            return ((long) symbol << 42) | millis;
        }

        static int symbolOf(long code) {
            return (int) (code >>> 42);
        }

        static long timeOf(long code) {
            return code & ((1L << 42) - 1);
        }

        /** Order-independent hash of a record's key and value, summed over a topic to compare pipe outputs. */
        static long recordHash(byte[] key, byte[] value) {
            long hash = 0xcbf29ce484222325L;
            for (byte b : key) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            hash = (hash ^ 0x7c) * 0x100000001b3L;
            for (byte b : value) {
                hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
            }
            return hash;
        }

        /** Hash of an enriched tick's fields, to compare enrichment outputs as a multiset. */
        static long enrichedHash(String symbol, long price, long timestamp, String companyName, long employees,
                String sector, String rating) {
            String text = symbol + '|' + price + '|' + timestamp + '|' + companyName + '|' + employees + '|' + sector + '|'
                    + rating;
            return recordHash(new byte[0], text.getBytes(StandardCharsets.UTF_8));
        }

        Map<Long, long[]> windows(Job job) {
            return job == Job.TUMBLING ? tumbling : sliding;
        }

        static String text(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
