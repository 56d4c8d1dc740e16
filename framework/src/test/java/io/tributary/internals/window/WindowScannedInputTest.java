package io.tributary.internals.window;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.tributary.api.KeyedProcessFunction;
import io.tributary.api.OpenContext;
import io.tributary.api.ProcessContext;
import io.tributary.api.ProcessorDefinition;
import io.tributary.api.TimerContext;
import io.tributary.internals.engine.ScannedFields;
import io.tributary.internals.engine.ScannedFieldsFunction;
import io.tributary.internals.json.JsonFieldScanner;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import io.tributary.window.Aggregations;
import io.tributary.window.SessionWindows;
import io.tributary.window.SlidingWindows;
import io.tributary.window.TumblingWindows;
import io.tributary.window.WindowedAggregation;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window operator fed the fields scanned from a record's bytes against the same operator fed the record's tree: the
 * same results, late records and dead letters, reasons included, for generated and mutated ticks, tricky values in the
 * fields read among them; and most ordinary ticks are read from their bytes, decimal prices included.
 */
class WindowScannedInputTest {

    private static final String SOURCE = "ticks";
    private static final String OUTPUT = "results";
    private static final String LATE = "late";
    private static final Instant BASE = Instant.parse("2026-11-21T10:00:00Z");

    private static final String[] TRICKY = {"\"A\"", "\"B\"", "\"é\"", "\"5\"", "\"\"", "\"\\u0041\"", "\"x\\\"y\"",
            "0", "-0", "5", "-17", "2147483648", "-9223372036854775809", "12345678901234567890123", "1.5", "-0.0", "1e2",
            "2.5E-3", "0.1", "1E-7", "1e400", "-1e400", "4.9e-324", "123456789.123456789", "01.5", "1.", ".5", "1e",
            "+1", "1.5.2", "true", "false", "null", "{}", "[1]", "{\"price\":3}"};

    private final Random random = new Random(11);

    @Test
    void slidingWindowsWithLatenessGiveTheTreesResults() {
        compare(WindowedAggregation.builder("sliding").source(SOURCE).output(OUTPUT).keyBy("symbol")
                .eventTime("timestamp").maxOutOfOrderness(Duration.ofSeconds(30))
                .window(SlidingWindows.of(Duration.ofMinutes(2), Duration.ofSeconds(30)))
                .allowedLateness(Duration.ofSeconds(20)).lateRecords(LATE)
                .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.min("price"),
                        Aggregations.sum("price"), Aggregations.avg("qty"), Aggregations.count()))
                .build());
    }

    @Test
    void tumblingWindowsKeyedByTwoFieldsGiveTheTreesResults() {
        compare(WindowedAggregation.builder("tumbling").source(SOURCE).output(OUTPUT).keyBy("symbol", "venue")
                .eventTime("timestamp").maxOutOfOrderness(Duration.ofSeconds(10))
                .window(TumblingWindows.of(Duration.ofMinutes(1)))
                .aggregate(Aggregations.sum("qty"))
                .build());
    }

    @Test
    void sessionWindowsGiveTheTreesResults() {
        compare(WindowedAggregation.builder("sessions").source(SOURCE).output(OUTPUT).keyBy("venue")
                .eventTime("timestamp").maxOutOfOrderness(Duration.ofSeconds(10))
                .window(SessionWindows.withGap(Duration.ofSeconds(20)))
                .aggregate(Aggregations.of(Aggregations.max("price"), Aggregations.count()))
                .build());
    }

    private void compare(ProcessorDefinition<String, JsonNode, JsonNode> windowed) {
        // scanned records, and those of them with a decimal field
        int[] scannedCalls = new int[2];
        try (ProcessorTestDriver<String, JsonNode, JsonNode> scanning = ProcessorTestDriver.of(
                copy(windowed, () -> new Counting(windowed.newFunction(), scannedCalls)));
                ProcessorTestDriver<String, JsonNode, JsonNode> tree = ProcessorTestDriver.of(
                        copy(windowed, () -> new TreeOnly(windowed.newFunction())))) {
            int records = 20_000;
            int outputs = 0;
            int deadLetters = 0;
            for (int i = 0; i < records; i++) {
                byte[] value = i % 8 == 7 ? mutate(tick(i)) : tick(i);
                Instant recordTime = BASE.plusMillis(i * 50L);
                scanning.pipeRaw(SOURCE, null, value, recordTime);
                tree.pipeRaw(SOURCE, null, value, recordTime);
                if (i % 100 == 99) {
                    outputs += sameOutputs(scanning, tree, windowed, new String(value, StandardCharsets.UTF_8));
                    deadLetters += sameDeadLetters(scanning, tree);
                }
            }
            scanning.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            tree.advanceWatermark(BASE.plus(Duration.ofDays(1)));
            outputs += sameOutputs(scanning, tree, windowed, "at the end");
            assertThat(scanning.lateRecords()).isEqualTo(tree.lateRecords());
            assertThat(outputs).isGreaterThan(100);
            assertThat(deadLetters).isGreaterThan(1_000);
            // ordinary ticks are half of all, and most of them are read from their bytes
            assertThat(scannedCalls[0]).isGreaterThan(records / 4);
            // a sixth of all ticks are ordinary with a decimal price or quantity
            assertThat(scannedCalls[1]).isGreaterThan(records / 10);
        }
    }

    private static int sameOutputs(ProcessorTestDriver<String, JsonNode, JsonNode> scanning,
            ProcessorTestDriver<String, JsonNode, JsonNode> tree, ProcessorDefinition<?, ?, ?> windowed, String after) {
        List<String> scanned = results(scanning.readOutput());
        assertThat(scanned).as(after).isEqualTo(results(tree.readOutput()));
        if (windowed.sideOutputTopics().containsKey(WindowedAggregation.LATE_RECORDS.name())) {
            assertThat(results(scanning.readSideOutput(WindowedAggregation.LATE_RECORDS))).as(after)
                    .isEqualTo(results(tree.readSideOutput(WindowedAggregation.LATE_RECORDS)));
        }
        return scanned.size();
    }

    private static int sameDeadLetters(ProcessorTestDriver<String, JsonNode, JsonNode> scanning,
            ProcessorTestDriver<String, JsonNode, JsonNode> tree) {
        List<String> scanned = deadLetters(scanning.readDeadLetters());
        assertThat(scanned).isEqualTo(deadLetters(tree.readDeadLetters()));
        return scanned.size();
    }

    private static List<String> results(List<? extends TestRecord<?, ?>> records) {
        List<String> texts = new ArrayList<>();
        for (TestRecord<?, ?> record : records) {
            texts.add(record.key() + " " + record.value() + " " + record.timestamp() + headers(record));
        }
        return texts;
    }

    /** The dead letters with their reasons, but not the stack traces, which name the path taken. */
    private static List<String> deadLetters(List<TestRecord<byte[], byte[]>> records) {
        List<String> texts = new ArrayList<>();
        for (TestRecord<byte[], byte[]> record : records) {
            texts.add(new String(record.value(), StandardCharsets.UTF_8) + headers(record));
        }
        return texts;
    }

    private static String headers(TestRecord<?, ?> record) {
        StringBuilder text = new StringBuilder();
        for (Header header : record.headers()) {
            if (!header.key().equals(KafkaHeaders.DLT_EXCEPTION_STACKTRACE)) {
                text.append(' ').append(header.key()).append('=')
                        .append(new String(header.value(), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    /**
     * A tick, half of them ordinary ({@code symbol}, {@code venue}, {@code price}, {@code qty}, a time mostly in
     * order), the others with fields missing, repeated or holding values from {@link #TRICKY}.
     */
    private byte[] tick(int i) {
        boolean ordinary = random.nextBoolean();
        List<String> members = new ArrayList<>();
        // now and then far behind, to be late for every window
        long millis = i * 50L - (random.nextInt(20) == 0 ? 200_000 : random.nextInt(20_000));
        members.add("\"timestamp\":\"" + BASE.plusMillis(Math.max(0, millis)) + "\"");
        members.add("\"company_info\":{\"name\":\"N\",\"price\":[1,2]}");
        String[] names = {"symbol", "venue", "price", "qty"};
        for (String name : names) {
            if (ordinary) {
                members.add("\"" + name + "\":" + ordinaryValue(name));
            }
            else if (random.nextInt(4) > 0) {
                String value = random.nextInt(3) == 0 ? TRICKY[random.nextInt(TRICKY.length)] : ordinaryValue(name);
                members.add("\"" + name + "\":" + value);
            }
        }
        if (!ordinary && random.nextInt(5) == 0) {
            members.add("\"price\":" + TRICKY[random.nextInt(TRICKY.length)]);
        }
        java.util.Collections.shuffle(members, random);
        return ("{" + String.join(random.nextBoolean() ? "," : " , ", members) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private String ordinaryValue(String name) {
        return switch (name) {
            case "symbol" -> "\"S" + random.nextInt(5) + "\"";
            // a decimal key field is read from the tree, whose text it must be
            case "venue" -> random.nextInt(10) == 0 ? decimal()
                    : random.nextInt(4) == 0 ? String.valueOf(random.nextInt(3)) : "\"V" + random.nextInt(3) + "\"";
            case "price" -> random.nextBoolean() ? decimal() : String.valueOf(random.nextInt(2_000) - 100);
            default -> random.nextInt(3) == 0 ? decimal()
                    : random.nextInt(10) == 0 ? String.valueOf(random.nextLong()) : String.valueOf(random.nextInt(50));
        };
    }

    /** A decimal as price feeds write them: cents, a double's text, an exponent. */
    private String decimal() {
        int cents = random.nextInt(200_000) - 10_000;
        switch (random.nextInt(4)) {
            case 0:
                return (cents < 0 ? "-" : "") + Math.abs(cents) / 100 + "."
                        + String.format(java.util.Locale.ROOT, "%02d", Math.abs(cents) % 100);
            case 1:
                return Double.toString(cents / 100.0);
            case 2:
                return cents + "e-2";
            default:
                return Double.toString(random.nextDouble() * 1000);
        }
    }

    /** Truncates, deletes or replaces a byte, or inserts one JSON's syntax hangs on. */
    private byte[] mutate(byte[] json) {
        int at = random.nextInt(json.length);
        byte[] special = {'{', '}', '"', '\\', ',', ':', '0', '-', '.', (byte) 0xC3, ' ', 'e', 'n'};
        byte b = special[random.nextInt(special.length)];
        switch (random.nextInt(4)) {
            case 0:
                return java.util.Arrays.copyOf(json, at);
            case 1: {
                byte[] shorter = new byte[json.length - 1];
                System.arraycopy(json, 0, shorter, 0, at);
                System.arraycopy(json, at + 1, shorter, at, json.length - at - 1);
                return shorter;
            }
            case 2: {
                byte[] longer = new byte[json.length + 1];
                System.arraycopy(json, 0, longer, 0, at);
                longer[at] = b;
                System.arraycopy(json, at, longer, at + 1, json.length - at);
                return longer;
            }
            default: {
                byte[] changed = json.clone();
                changed[at] = b;
                return changed;
            }
        }
    }

    /** {@code windowed} with its function from {@code function}, its late records going to topic {@code late}. */
    static ProcessorDefinition<String, JsonNode, JsonNode> copy(
            ProcessorDefinition<String, JsonNode, JsonNode> windowed,
            java.util.function.Supplier<KeyedProcessFunction<String, JsonNode, JsonNode>> function) {
        ProcessorDefinition.Builder<String, JsonNode, JsonNode> builder = ProcessorDefinition.json(windowed.name())
                .source(SOURCE).output(OUTPUT).key(windowed.keySelector()).watermarks(windowed.watermarkStrategy())
                .function(function);
        if (windowed.eventTimeExtractor() != null) {
            builder.eventTime(windowed.eventTimeExtractor());
        }
        if (windowed.sideOutputTopics().containsKey(WindowedAggregation.LATE_RECORDS.name())) {
            builder.sideOutput(WindowedAggregation.LATE_RECORDS, LATE);
        }
        return builder.build();
    }

    /** The operator without its scanned path: the task parses every record. */
    private static class TreeOnly implements KeyedProcessFunction<String, JsonNode, JsonNode> {

        final KeyedProcessFunction<String, JsonNode, JsonNode> operator;

        TreeOnly(KeyedProcessFunction<String, JsonNode, JsonNode> operator) {
            this.operator = operator;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            operator.open(context);
        }

        @Override
        public void processElement(JsonNode value, ProcessContext<String, JsonNode> context) throws Exception {
            operator.processElement(value, context);
        }

        @Override
        public void onTimer(TimerContext<String, JsonNode> context) throws Exception {
            operator.onTimer(context);
        }
    }

    /** The operator with its scanned path, counting the records that take it. */
    private static final class Counting extends TreeOnly implements ScannedFieldsFunction<String, JsonNode> {

        private final ScannedFieldsFunction<String, JsonNode> fields;
        private final int[] calls;

        @SuppressWarnings("unchecked")
        Counting(KeyedProcessFunction<String, JsonNode, JsonNode> operator, int[] calls) {
            super(operator);
            this.fields = (ScannedFieldsFunction<String, JsonNode>) operator;
            this.calls = calls;
        }

        @Override
        public @Nullable List<String> scannedFields() {
            return fields.scannedFields();
        }

        @Override
        public boolean readsDecimals() {
            return fields.readsDecimals();
        }

        @Override
        public void processFields(ScannedFields scanned, ProcessContext<String, JsonNode> context) throws Exception {
            calls[0]++;
            for (int i = 0; i < scanned.size(); i++) {
                if (scanned.kind(i) == JsonFieldScanner.DECIMAL) {
                    calls[1]++;
                    break;
                }
            }
            fields.processFields(scanned, context);
        }
    }
}
