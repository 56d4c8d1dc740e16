package io.tributary.e2e.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.apache.kafka.common.utils.Utils;

/**
 * The benchmark's input: an endless, deterministic stream of stock ticks in the sample's schema, keyed by symbol.
 * Every symbol ticks once per step of event time; some ticks arrive with their event time moved back (disorder
 * below the 3 min bound, and a few beyond it, which windowed jobs drop as late); a share of the stream repeats an
 * earlier tick unchanged a little later (a duplicate of its (symbol, timestamp)). The same settings give the same
 * ticks, so every system reads the same input and the reference model can compute what each should output.
 *
 * <p>Not thread-safe; each reader makes its own.
 */
final class TickStream {

    /** Event time of the first step. */
    static final long BASE_MILLIS = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    /** The span of event time the bulk load covers, whatever its size, so that windows fire at any size. */
    private static final long BULK_SPAN_MILLIS = 150 * 60_000L;

    /** One tick: which symbol, its price, its event time, and whether it repeats an earlier tick. */
    record Tick(int symbol, int price, long timestamp, boolean duplicate) {
    }

    private record Pending(long due, Tick tick) {
    }

    private final Symbols symbols;
    private final SplittableRandom random;
    private final double duplicateChance;
    private final double disorderedFraction;
    private final long maxDisorderMillis;
    private final double lateFraction;
    private final long stepMillis;
    private final int[] prices;
    private final PriorityQueue<Pending> duplicates = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
    private long step;
    private int nextSymbol;
    private long emitted;

    TickStream(BenchmarkSettings settings) {
        this.symbols = new Symbols(settings.symbols(), settings.partitions());
        this.random = new SplittableRandom(settings.seed());
        this.duplicateChance = settings.duplicateFraction() / (1 - settings.duplicateFraction());
        this.disorderedFraction = settings.disorderedFraction();
        this.maxDisorderMillis = settings.maxDisorder().toMillis();
        this.lateFraction = settings.lateFraction();
        long uniquePerSymbol = Math.max(1, Math.round(settings.records() * (1 - settings.duplicateFraction())
                / settings.symbols()));
        this.stepMillis = Math.max(1, BULK_SPAN_MILLIS / uniquePerSymbol);
        this.prices = new int[settings.symbols()];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = 50 + random.nextInt(450);
        }
    }

    Symbols symbols() {
        return symbols;
    }

    Tick next() {
        Pending due = duplicates.peek();
        Tick tick;
        if (due != null && due.due() <= emitted) {
            tick = duplicates.poll().tick();
        }
        else {
            tick = fresh();
            if (random.nextDouble() < duplicateChance) {
                duplicates.add(new Pending(emitted + 1 + random.nextInt(200),
                        new Tick(tick.symbol(), tick.price(), tick.timestamp(), true)));
            }
        }
        emitted++;
        return tick;
    }

    private Tick fresh() {
        int symbol = nextSymbol;
        long nominal = BASE_MILLIS + step * stepMillis + (symbol * 997L) % stepMillis;
        if (++nextSymbol == prices.length) {
            nextSymbol = 0;
            step++;
        }
        double roll = random.nextDouble();
        long shift = 0;
        if (roll < lateFraction) {
            shift = 240_000 + random.nextLong(60_000);
        }
        else if (roll < lateFraction + disorderedFraction) {
            shift = 1 + random.nextLong(maxDisorderMillis);
        }
        int price = Math.min(1000, Math.max(10, prices[symbol] + random.nextInt(7) - 3));
        prices[symbol] = price;
        return new Tick(symbol, price, nominal - shift, false);
    }

    /** The record value, UTF-8 JSON in the sample's schema. */
    byte[] json(Tick tick) {
        String name = symbols.name(tick.symbol());
        return ("{\"symbol\":\"" + name + "\",\"price\":" + tick.price() + ",\"timestamp\":\""
                + Instant.ofEpochMilli(tick.timestamp()) + "\",\"company_info\":{\"name\":\"" + companyName(name)
                + "\",\"employees_count\":" + employees(tick.symbol()) + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String companyName(String symbol) {
        return symbol + " Holdings Inc";
    }

    static long employees(int symbol) {
        return 1000 + (symbol * 7919L) % 2_000_000;
    }

    /**
     * The symbols, their key bytes and the partition Kafka's default partitioner gives each (records are sent to
     * it explicitly, so the reference model knows each partition's order).
     */
    static final class Symbols {

        private final String[] names;
        private final byte[][] keys;
        private final int[] partitions;

        Symbols(int count, int partitionCount) {
            names = new String[count];
            keys = new byte[count][];
            partitions = new int[count];
            for (int i = 0; i < count; i++) {
                int code = i;
                char[] letters = new char[3];
                for (int j = 2; j >= 0; j--) {
                    letters[j] = (char) ('A' + code % 26);
                    code /= 26;
                }
                names[i] = "T" + new String(letters);
                keys[i] = names[i].getBytes(StandardCharsets.UTF_8);
                partitions[i] = Utils.toPositive(Utils.murmur2(keys[i])) % partitionCount;
            }
        }

        int count() {
            return names.length;
        }

        String name(int symbol) {
            return names[symbol];
        }

        byte[] key(int symbol) {
            return keys[symbol];
        }

        int partition(int symbol) {
            return partitions[symbol];
        }

        int index(String name) {
            int code = 0;
            for (int i = 1; i < name.length(); i++) {
                code = code * 26 + (name.charAt(i) - 'A');
            }
            if (name.length() != 4 || name.charAt(0) != 'T' || code < 0 || code >= names.length) {
                throw new IllegalArgumentException("not a benchmark symbol: '" + name + "'");
            }
            return code;
        }
    }
}
