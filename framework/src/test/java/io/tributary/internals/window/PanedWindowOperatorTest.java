package io.tributary.internals.window;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.json.JsonFieldPath;
import io.tributary.serde.Serdes;
import io.tributary.window.Aggregation;
import io.tributary.window.Aggregations;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowAssigner;
import io.tributary.window.WindowedAggregation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sliding windows by panes against the per-window operator, each on a real RocksDB store fed the same thousands of
 * disordered ticks (late ones, ones within the allowed lateness, bad prices, equal prices of different scales, one key
 * from fields of different JSON types), restarted midway: the same results, late updates, late records and dead
 * letters, in the same order; and a store written per window keeps its task per window until that state drains.
 */
class PanedWindowOperatorTest {

    private static final String SOURCE = "ticks";
    private static final String OUTPUT = "results";
    private static final String LATE = "late";
    private static final Instant BASE = Instant.parse("2026-11-21T10:00:00Z");
    private static final Aggregation<?> ALL = Aggregations.of(Aggregations.max("price"), Aggregations.min("price"),
            Aggregations.sum("price"), Aggregations.avg("qty"), Aggregations.count());

    @TempDir
    Path directory;

    private final Random random = new Random(7);

    @Test
    void goesByPanesOnlyForSlidingWindowsOfBuiltInAggregationsWithoutEarlyFirings() {
        Aggregation<?> max = Aggregations.max("price");
        assertThat(whyNotPanes(SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(1)), 0, max)).isNull();
        assertThat(whyNotPanes(SlidingWindows.of(Duration.ofSeconds(100), Duration.ofSeconds(40)), 0, ALL)).isNull();
        assertThat(whyNotPanes(TumblingWindows.of(Duration.ofMinutes(1)), 0, max)).contains("not shorter");
        assertThat(whyNotPanes(SlidingWindows.of(Duration.ofMinutes(1), Duration.ofMinutes(2)), 0, max))
                .contains("not shorter");
        assertThat(whyNotPanes(SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(1)), 1_000, max))
                .isEqualTo("early firings are set");
        // 10,001 panes of 1 ms a window, where a record has two windows
        assertThat(whyNotPanes(SlidingWindows.of(Duration.ofMillis(10_001), Duration.ofMillis(10_000)), 0, max))
                .contains("10001 panes");
        assertThat(PanedWindowOperator.whyNotPanes(new WindowOperatorSpec<>(SlidingWindows.of(Duration.ofMinutes(10),
                Duration.ofMinutes(1)), false, 0, 0, null, List.of(JsonFieldPath.of("symbol")), List.of("symbol"),
                WindowInputFieldsTest.userFunction(), Serdes.longs()), 600_000, 60_000)).contains("built-in");
    }

    @Test
    void aStoreHoldingPanesFailsToOpenWithAConfigurationThatCannotUseThem() {
        SlidingWindows windows = SlidingWindows.of(Duration.ofMinutes(2), Duration.ofSeconds(30));
        Duration lateness = Duration.ofSeconds(20);
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, lateness, ALL);
        ProcessorDefinition<String, JsonNode, JsonNode> early = WindowedAggregation.builder("sliding").source(SOURCE)
                .output(OUTPUT).keyBy("symbol").eventTime("timestamp").maxOutOfOrderness(Duration.ofSeconds(30))
                .window(windows).allowedLateness(lateness).lateRecords(LATE).earlyFirings(Duration.ofSeconds(30))
                .aggregate(ALL).build();
        try (RocksDbWindowTask task = new RocksDbWindowTask(directory.resolve("task"), definition, BASE)) {
            for (int i = 0; i < 100; i++) {
                task.pipe(SOURCE, tick(BASE.plusSeconds(i), true), BASE);
            }
            assertThatThrownBy(() -> task.restart(early)).hasMessageContaining("processor 'sliding'")
                    .hasMessageContaining("early firings are set")
                    .hasMessageContaining("deploy the previous configuration until its windows have fired")
                    .hasMessageContaining("reset the processor's state");
            // the previous configuration drains its panes, after which the new one opens
            task.restart(definition);
            task.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            assertThat(task.drain()).isNotEmpty();
            assertDrained(task);
            task.restart(early);
            task.pipe(SOURCE, tick(BASE.plus(Duration.ofDays(2)), true), BASE);
            assertThat(task.storedEntries(PanedWindowOperator.PANES_STATE)).isZero();
        }
    }

    @Test
    void aWindowShowsTheKeyFieldsOfItsEarliestArrivedRecordThoughItsPaneIsLater() {
        SlidingWindows windows = SlidingWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(30));
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, Duration.ZERO,
                Aggregations.count());
        try (RocksDbWindowTask task = new RocksDbWindowTask(directory.resolve("task"), definition, BASE)) {
            // "5" in the second pane of the window starting at BASE, then 5 (the same key) in its first pane
            task.pipe(SOURCE, ("{\"symbol\":\"5\",\"timestamp\":\"" + BASE.plusSeconds(40) + "\"}")
                    .getBytes(StandardCharsets.UTF_8), BASE);
            task.pipe(SOURCE, ("{\"symbol\":5,\"timestamp\":\"" + BASE.plusSeconds(10) + "\"}")
                    .getBytes(StandardCharsets.UTF_8), BASE);
            task.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            List<String> sent = task.drain();
            assertThat(sent).filteredOn(record -> record.contains("\"window_start\":\"" + BASE + "\""))
                    .singleElement().asString().contains("{\"symbol\":\"5\",").contains("\"count\":2");
            assertThat(sent).filteredOn(record -> record.contains("\"window_start\":\"" + BASE.minusSeconds(30)
                    + "\"")).singleElement().asString().contains("{\"symbol\":5,").contains("\"count\":1");
            assertDrained(task);
        }
    }

    @Test
    void aKeyWhosePanesAreMoreThanAWindowApartDrains() {
        // panes at 0 and 20 s: the windows starting at 5 and 10 s hold none and have no cleanup of their own
        SlidingWindows windows = SlidingWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, Duration.ZERO,
                Aggregations.count());
        try (RocksDbWindowTask task = new RocksDbWindowTask(directory.resolve("task"), definition, BASE)) {
            for (long seconds : new long[] {0, 20}) {
                task.pipe(SOURCE, ("{\"symbol\":\"K\",\"timestamp\":\"" + BASE.plusSeconds(seconds) + "\"}")
                        .getBytes(StandardCharsets.UTF_8), BASE);
            }
            task.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            assertThat(task.drain()).as("two windows of each record").hasSize(4);
            assertDrained(task);
        }
    }

    @Test
    void aSparseKeysFiringsReadOnlyThePanesItHas() {
        // ten windows a record, each of ten panes: a key of one record has one pane, not ten in each window
        SlidingWindows windows = SlidingWindows.of(Duration.ofMinutes(10), Duration.ofMinutes(1));
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, Duration.ZERO,
                Aggregations.max("price"));
        int keys = 200;
        try (RocksDbWindowTask task = new RocksDbWindowTask(directory.resolve("task"), definition, BASE)) {
            for (int i = 0; i < keys; i++) {
                task.pipe(SOURCE, ("{\"symbol\":\"K" + i + "\",\"price\":" + i + ",\"timestamp\":\""
                        + BASE.plusMillis(i * 100L) + "\"}").getBytes(StandardCharsets.UTF_8), BASE);
            }
            task.commit();
            long before = task.storeReads();
            task.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            long firingReads = task.storeReads() - before;
            assertThat(task.drain()).hasSize(10 * keys);
            assertThat(firingReads).isLessThan(2L * keys);
            assertDrained(task);
        }
    }

    @Test
    void slidingWindowsWithLatenessGiveThePerWindowResults() {
        Counts counts = compareEventTime(SlidingWindows.of(Duration.ofMinutes(2), Duration.ofSeconds(30)),
                Duration.ofSeconds(20), ALL);
        assertThat(counts.lateUpdates).isGreaterThan(200);
    }

    @Test
    void slidingWindowsWithAnOffsetAndNoLatenessGiveThePerWindowResults() {
        compareEventTime(SlidingWindows.of(Duration.ofMinutes(1), Duration.ofSeconds(20))
                .withOffset(Duration.ofMillis(-7_300)), Duration.ZERO, ALL);
    }

    @Test
    void aSlideThatDoesNotDivideTheSizeGivesThePerWindowResults() {
        // panes of gcd(100 s, 40 s) = 20 s; a window is five of them, and the slide two
        Counts counts = compareEventTime(SlidingWindows.of(Duration.ofSeconds(100), Duration.ofSeconds(40))
                .withOffset(Duration.ofSeconds(3)), Duration.ofSeconds(45), Aggregations.max("price"));
        assertThat(counts.lateUpdates).isGreaterThan(100);
    }

    @Test
    void processingTimeWindowsGoPerWindowSoThatOneFiredAndRestartedOnAClockBehindStartsAfresh() {
        SlidingWindows windows = SlidingWindows.of(Duration.ofSeconds(50), Duration.ofSeconds(20));
        assertThat(PanedWindowOperator.whyNotPanes(spec(windows, true, Duration.ZERO, ALL), 50_000, 20_000))
                .isEqualTo("the windows follow processing time");
        ProcessorDefinition<String, JsonNode, JsonNode> definition = WindowedAggregation.builder("processing")
                .source(SOURCE).output(OUTPUT).keyBy("symbol").processingTime().window(windows)
                .aggregate(Aggregations.count()).build();
        byte[] tick = "{\"symbol\":\"A\"}".getBytes(StandardCharsets.UTF_8);
        // BASE is in windows ending 10 s, 30 s and 50 s after it; the first fires with three records
        try (RocksDbWindowTask task = new RocksDbWindowTask(directory.resolve("task"), definition, BASE)) {
            for (int i = 0; i < 3; i++) {
                task.pipe(SOURCE, tick, BASE);
            }
            task.advanceProcessingTime(Duration.ofSeconds(10));
            assertThat(task.drain()).singleElement().asString().contains("\"count\":3");
            task.commit();
        }
        // an instance whose clock is 5 s behind takes over: a record there starts that fired window anew
        try (RocksDbWindowTask behind = new RocksDbWindowTask(directory.resolve("task"), definition,
                BASE.plusSeconds(5))) {
            behind.pipe(SOURCE, tick, BASE);
            behind.advanceProcessingTime(Duration.ofSeconds(5));
            assertThat(behind.drain()).singleElement().asString()
                    .contains("\"window_end\":\"" + BASE.plusSeconds(10) + "\"").contains("\"count\":1");
        }
    }

    @Test
    void paneOrdersWrittenBeforeRangesGiveThePerWindowResultsAndDrain() {
        SlidingWindows windows = SlidingWindows.of(Duration.ofMinutes(2), Duration.ofSeconds(30));
        Duration lateness = Duration.ofSeconds(20);
        WindowOperatorSpec<?> spec = spec(windows, false, lateness, ALL);
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, lateness, ALL);
        try (RocksDbWindowTask paned = new RocksDbWindowTask(directory.resolve("paned"), definition, BASE);
                RocksDbWindowTask perWindow = new RocksDbWindowTask(directory.resolve("per-window"),
                        WindowScannedInputTest.copy(definition, () -> perWindow(spec)), BASE)) {
            Counts counts = new Counts();
            feed(paned, perWindow, 0, 3_000, counts);
            // the first paned version's value: the next order, then a pane count (which nothing reads any more)
            paned.rewriteStored(PanedWindowOperator.PANE_ORDER_STATE,
                    value -> java.util.Arrays.copyOf(value, 2 * Long.BYTES));
            assertThat(paned.storedEntries(PanedWindowOperator.PANE_ORDER_STATE)).isGreaterThan(3);
            paned.restart();
            perWindow.restart();
            feed(paned, perWindow, 3_000, 6_000, counts);
            paned.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            perWindow.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            counts.add(same(paned, perWindow));
            assertThat(counts.results).isGreaterThan(300);
            assertDrained(paned);
        }
    }

    @Test
    void aStoreWrittenPerWindowKeepsItsTaskPerWindowUntilThatStateDrains() {
        SlidingWindows windows = SlidingWindows.of(Duration.ofMinutes(2), Duration.ofSeconds(30));
        Duration lateness = Duration.ofSeconds(20);
        WindowOperatorSpec<?> spec = spec(windows, false, lateness, ALL);
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, lateness, ALL);
        ProcessorDefinition<String, JsonNode, JsonNode> perWindowDefinition =
                WindowScannedInputTest.copy(definition, () -> perWindow(spec));
        List<SlidingWindowOperator<?>> created = new ArrayList<>();
        ProcessorDefinition<String, JsonNode, JsonNode> panedDefinition =
                WindowScannedInputTest.copy(definition, paned(spec, created));
        try (RocksDbWindowTask upgraded = new RocksDbWindowTask(directory.resolve("upgraded"), perWindowDefinition,
                BASE);
                RocksDbWindowTask reference = new RocksDbWindowTask(directory.resolve("reference"), perWindowDefinition,
                        BASE)) {
            Counts counts = new Counts();
            feed(upgraded, reference, 0, 3_000, counts);
            upgraded.restart(panedDefinition);
            assertThat(created).singleElement()
                    .satisfies(operator -> assertThat(operator.chosen()).isInstanceOf(AlignedWindowOperator.class));
            feed(upgraded, reference, 3_000, 6_000, counts);
            upgraded.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            reference.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            counts.add(same(upgraded, reference));
            upgraded.restart(panedDefinition);
            assertThat(created).hasSize(2);
            assertThat(created.get(1).chosen()).isInstanceOf(PanedWindowOperator.class);
            // two days on: the new task's windows by panes, the reference's still per window
            feed(upgraded, reference, 1_728_000, 1_734_000, counts);
            upgraded.advanceWatermark(BASE.plus(Duration.ofDays(3)));
            reference.advanceWatermark(BASE.plus(Duration.ofDays(3)));
            counts.add(same(upgraded, reference));
            assertThat(counts.results).isGreaterThan(1_000);
            assertThat(counts.lateUpdates).isGreaterThan(100);
            assertDrained(upgraded);
            assertThat(upgraded.storedEntries(WindowOperator.WINDOWS_STATE)).isZero();
        }
    }

    private Counts compareEventTime(SlidingWindows windows, Duration lateness, Aggregation<?> aggregation) {
        WindowOperatorSpec<?> spec = spec(windows, false, lateness, aggregation);
        ProcessorDefinition<String, JsonNode, JsonNode> definition = eventTime(windows, lateness, aggregation);
        List<SlidingWindowOperator<?>> created = new ArrayList<>();
        try (RocksDbWindowTask paned = new RocksDbWindowTask(directory.resolve("paned"),
                WindowScannedInputTest.copy(definition, paned(spec, created)), BASE);
                RocksDbWindowTask perWindow = new RocksDbWindowTask(directory.resolve("per-window"),
                        WindowScannedInputTest.copy(definition, () -> perWindow(spec)), BASE)) {
            assertThat(created).singleElement()
                    .satisfies(operator -> assertThat(operator.chosen()).isInstanceOf(PanedWindowOperator.class));
            Counts counts = new Counts();
            feed(paned, perWindow, 0, 10_000, counts);
            paned.restart();
            perWindow.restart();
            feed(paned, perWindow, 10_000, 20_000, counts);
            paned.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            perWindow.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            counts.add(same(paned, perWindow));
            assertThat(paned.lateRecords()).isEqualTo(perWindow.lateRecords()).isGreaterThan(100);
            assertThat(counts.results).isGreaterThan(300);
            assertThat(counts.deadLetters).isGreaterThan(500);
            assertThat(counts.lateRecords).isGreaterThan(100);
            assertDrained(paned);
            return counts;
        }
    }

    /** Pipes ticks {@code from} to {@code to} (one every 100 ms) into both tasks, comparing what they send. */
    private void feed(RocksDbWindowTask paned, RocksDbWindowTask perWindow, int from, int to, Counts counts) {
        for (int i = from; i < to; i++) {
            long millis = i * 100L + disorder();
            byte[] tick = tick(BASE.plusMillis(Math.max(0, millis)), true);
            paned.pipe(SOURCE, tick, BASE);
            perWindow.pipe(SOURCE, tick, BASE);
            if (i % 100 == 99) {
                counts.add(same(paned, perWindow));
            }
        }
    }

    /** Mostly a little behind, now and then beyond the watermark (within the lateness or past it), or ahead. */
    private long disorder() {
        int kind = random.nextInt(40);
        if (kind < 30) {
            return -random.nextInt(20_000);
        }
        if (kind < 36) {
            return -30_000 - random.nextInt(60_000);
        }
        if (kind < 38) {
            return -100_000 - random.nextInt(300_000);
        }
        return random.nextInt(5_000);
    }

    private byte[] tick(Instant time, boolean withTimestamp) {
        List<String> fields = new ArrayList<>();
        // "5" and 5 are one key, whose windows show the key field as their first record has it; such keys are rare,
        // so that their panes are often created out of order
        String[] rare = {"\"5\"", "5", "\"7\"", "7"};
        String[] common = {"\"A\"", "\"B\"", "\"C\""};
        int symbol = random.nextInt(100);
        fields.add("\"symbol\":" + (symbol < rare.length ? rare[symbol] : common[symbol % common.length]));
        if (withTimestamp) {
            fields.add("\"timestamp\":\"" + time + "\"");
        }
        int price = random.nextInt(60);
        switch (random.nextInt(10)) {
            case 0 -> fields.add("\"price\":\"" + price + "\"");      // not a number: dead-lettered
            case 1 -> { }                                               // no price: counted, not in min / max / sum
            // equal numbers of different scales tie for min and max
            case 2, 3, 4 -> fields.add("\"price\":" + price + ".0");
            case 5 -> fields.add("\"price\":" + price + "50e-2");
            default -> fields.add("\"price\":" + price);
        }
        if (random.nextInt(4) > 0) {
            fields.add("\"qty\":" + (random.nextBoolean() ? random.nextInt(100) : random.nextInt(1000) / 10.0));
        }
        java.util.Collections.shuffle(fields, random);
        return ("{" + String.join(",", fields) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Drains both tasks, asserting they sent the same; returns what was sent, counted by kind. */
    private static Counts same(RocksDbWindowTask paned, RocksDbWindowTask perWindow) {
        List<String> sent = paned.drain();
        assertThat(sent).isEqualTo(perWindow.drain());
        assertThat(paned.lateRecords()).isEqualTo(perWindow.lateRecords());
        Counts counts = new Counts();
        for (String record : sent) {
            if (record.startsWith(OUTPUT + " ")) {
                counts.results++;
                counts.lateUpdates += record.contains("\"late_update\":true") ? 1 : 0;
            }
            else if (record.startsWith(LATE + " ")) {
                counts.lateRecords++;
            }
            else {
                counts.deadLetters++;
            }
        }
        return counts;
    }

    /** Everything fired and cleaned up: no pane state or timer left. */
    private static void assertDrained(RocksDbWindowTask paned) {
        paned.commit();
        assertThat(paned.timerCount()).isZero();
        assertThat(paned.storedEntries(PanedWindowOperator.PANES_STATE)).isZero();
        assertThat(paned.storedEntries(PanedWindowOperator.PANE_ORDER_STATE)).isZero();
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> eventTime(SlidingWindows windows, Duration lateness,
            Aggregation<?> aggregation) {
        return WindowedAggregation.builder("sliding").source(SOURCE).output(OUTPUT).keyBy("symbol")
                .eventTime("timestamp").maxOutOfOrderness(Duration.ofSeconds(30)).window(windows)
                .allowedLateness(lateness).lateRecords(LATE).aggregate(aggregation).build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static WindowOperatorSpec<?> spec(SlidingWindows windows, boolean processingTime, Duration lateness,
            Aggregation<?> aggregation) {
        return new WindowOperatorSpec(windows, processingTime, lateness.toMillis(), 0,
                processingTime ? null : WindowedAggregation.LATE_RECORDS, List.of(JsonFieldPath.of("symbol")),
                List.of("symbol"), aggregation, aggregation.accumulatorSerde());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static @Nullable String whyNotPanes(WindowAssigner windows, long earlyMillis, Aggregation<?> aggregation) {
        long size = windows instanceof SlidingWindows sliding ? sliding.size().toMillis()
                : ((TumblingWindows) windows).size().toMillis();
        long slide = windows instanceof SlidingWindows sliding ? sliding.slide().toMillis() : size;
        return PanedWindowOperator.whyNotPanes(new WindowOperatorSpec(windows, false, 0, earlyMillis, null,
                List.of(JsonFieldPath.of("symbol")), List.of("symbol"), aggregation, aggregation.accumulatorSerde()),
                size, slide);
    }

    /** The operators {@code spec} makes, each added to {@code created}. */
    private static Supplier<KeyedProcessFunction<String, JsonNode, JsonNode>> paned(WindowOperatorSpec<?> spec,
            List<SlidingWindowOperator<?>> created) {
        return () -> {
            KeyedProcessFunction<String, JsonNode, JsonNode> operator = spec.newOperator();
            assertThat(operator).isInstanceOf(SlidingWindowOperator.class);
            created.add((SlidingWindowOperator<?>) operator);
            return operator;
        };
    }

    private static KeyedProcessFunction<String, JsonNode, JsonNode> perWindow(WindowOperatorSpec<?> spec) {
        SlidingWindows windows = (SlidingWindows) spec.assigner();
        return new AlignedWindowOperator<>(spec, windows.size().toMillis(), windows.slide().toMillis(),
                windows.offset().toMillis());
    }

    /** What the tasks sent, by kind. */
    private static final class Counts {

        int results;
        int lateUpdates;
        int lateRecords;
        int deadLetters;

        void add(Counts other) {
            results += other.results;
            lateUpdates += other.lateUpdates;
            lateRecords += other.lateRecords;
            deadLetters += other.deadLetters;
        }
    }
}
