package io.tributary.samples.stockticker.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes ticks for the {@code stock_ticker} topic, in the contract's format: ten symbols with random-walk prices,
 * event time advancing by a fixed step per in-order tick. Of the ticks made, about 5% are resends of one of the last
 * 50 (duplicates), 5% are out of order within the 3-minute bound, 0.5% are 5 to 8 minutes behind (late: behind the
 * watermark, most too late for their tumbling window) and 0.5% are malformed (no timestamp, or cut off).
 *
 * <p>Shared by the dev-mode {@link io.tributary.samples.stockticker.dev.TickGenerator} and the standalone {@link TickLoader}, so both produce the same
 * mix. Not thread-safe: one thread makes the ticks. The randomness is injected, so a seeded generator gives a
 * repeatable stream.
 */
public final class TickFactory {

    /** The contract's input topic. */
    public static final String DEFAULT_TOPIC = "stock_ticker";

    /** The default event-time step: at one tick every 5 ms, event time runs 20x faster than the wall clock. */
    public static final Duration DEFAULT_EVENT_TIME_STEP = Duration.ofMillis(100);

    private static final int RECENT_TICKS = 50;

    private static final List<Company> COMPANIES = List.of(
            new Company("AAPL", "Apple Inc", 164_000, 190),
            new Company("AMZN", "Amazon.com Inc", 1_525_000, 187),
            new Company("GOOGL", "Alphabet Inc", 182_502, 172),
            new Company("MSFT", "Microsoft Corp", 228_000, 415),
            new Company("META", "Meta Platforms Inc", 67_317, 505),
            new Company("NVDA", "NVIDIA Corp", 29_600, 880),
            new Company("TSLA", "Tesla Inc", 140_473, 175),
            new Company("NFLX", "Netflix Inc", 13_000, 610),
            new Company("ORCL", "Oracle Corp", 159_000, 125),
            new Company("IBM", "International Business Machines Corp", 282_200, 185));

    private final String topic;
    private final Duration eventTimeStep;
    private final RandomGenerator random;
    private final int[] prices = COMPANIES.stream().mapToInt(Company::price).toArray();
    private final Deque<ProducerRecord<String, String>> recent = new ArrayDeque<>();
    private Instant eventTime;
    private long made;
    private long duplicates;
    private long outOfOrder;
    private long late;
    private long malformed;

    /**
     * @param topic the topic the ticks are for
     * @param start the event time of the first in-order tick, less one step
     * @param eventTimeStep how far event time moves per in-order tick; positive, at most one second, so that the
     *        out-of-order ticks (up to 170 s back) stay within the 3-minute bound
     * @param random the source of randomness
     */
    public TickFactory(String topic, Instant start, Duration eventTimeStep, RandomGenerator random) {
        if (eventTimeStep.isNegative() || eventTimeStep.isZero() || eventTimeStep.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the tick event-time step must be between 1 ms and 1 s, got "
                    + eventTimeStep + "; set it to e.g. 100ms");
        }
        this.topic = Objects.requireNonNull(topic, "topic");
        this.eventTime = Objects.requireNonNull(start, "start");
        this.eventTimeStep = eventTimeStep;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The symbols ticks are made for. */
    public static List<String> symbols() {
        return COMPANIES.stream().map(Company::symbol).toList();
    }

    /** The next tick, keyed by its symbol; the record carries no timestamp, so the producer stamps it. */
    public ProducerRecord<String, String> next() {
        made++;
        double dice = random.nextDouble();
        if (dice < 0.05 && !recent.isEmpty()) {
            duplicates++;
            return recent.stream().skip(random.nextInt(recent.size())).findFirst().orElseThrow();
        }
        int index = random.nextInt(COMPANIES.size());
        Company company = COMPANIES.get(index);
        if (dice < 0.055) {
            malformed++;
            String value = random.nextBoolean()
                    ? "{\"symbol\":\"" + company.symbol() + "\",\"price\":"
                    : "{\"symbol\":\"" + company.symbol() + "\",\"price\":" + prices[index] + "}";
            return new ProducerRecord<>(topic, company.symbol(), value);
        }
        eventTime = eventTime.plus(eventTimeStep);
        Instant timestamp = eventTime;
        // Odd milliseconds never collide with the step grid of in-order ticks (a whole number of 100 ms by
        // default), so displaced ticks are no accidental duplicates.
        if (dice < 0.105) {
            outOfOrder++;
            timestamp = eventTime.minusSeconds(random.nextLong(1, 170)).minusMillis(random.nextLong(1, 100));
        }
        else if (dice < 0.11) {
            late++;
            timestamp = eventTime.minusSeconds(random.nextLong(300, 480)).minusMillis(random.nextLong(1, 100));
        }
        prices[index] = Math.max(1, prices[index] + random.nextInt(-2, 3));
        String value = "{\"symbol\":\"" + company.symbol() + "\",\"price\":" + prices[index] + ",\"timestamp\":\""
                + timestamp + "\",\"company_info\":{\"name\":\"" + company.name() + "\",\"employees_count\":"
                + company.employees() + "}}";
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, company.symbol(), value);
        recent.addLast(record);
        if (recent.size() > RECENT_TICKS) {
            recent.removeFirst();
        }
        return record;
    }

    /** The event time of the latest in-order tick. */
    public Instant eventTime() {
        return eventTime;
    }

    /** What has been made so far. */
    public Counts counts() {
        return new Counts(made, duplicates, outOfOrder, late, malformed);
    }

    /**
     * Ticks made so far, and how many of them were of each irregular kind.
     *
     * @param made all ticks
     * @param duplicates resends of an earlier tick
     * @param outOfOrder ticks behind the latest event time, within the 3-minute bound
     * @param late ticks 5 to 8 minutes behind the latest event time
     * @param malformed ticks without a timestamp or cut off
     */
    public record Counts(long made, long duplicates, long outOfOrder, long late, long malformed) {

        @Override
        public String toString() {
            return made + " (duplicates=" + duplicates + ", out-of-order=" + outOfOrder + ", late=" + late
                    + ", malformed=" + malformed + ")";
        }
    }

    private record Company(String symbol, String name, int employees, int price) {
    }
}
