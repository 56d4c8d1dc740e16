package io.tributary.internals.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import io.tributary.api.EventTimeExtractors;
import io.tributary.api.KeySelector;
import io.tributary.api.KeySelectors;
import io.tributary.api.ProcessorDefinition;
import io.tributary.internals.json.JsonFieldScanner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading key, event time and fields from a record's bytes against reading them from its tree: the same result for
 * every input, tricky values and malformed documents included, and the tree spared for ordinary records.
 */
class ScanningExtractorTest {

    private static final long RECORD_TIME = 1_700_000_000_000L;

    private static final String[] NAMES = {"symbol", "timestamp", "price", "id", "company_info", "x"};

    private static final String[] VALUES = {"\"AAPL\"", "\"café\"", "\"😀 ü\"", "\"a|b\"", "\"\"", "\" \"",
            "\"\\u0041\"", "\"A\\\"B\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"tab\\tx\"", "0", "-0", "1", "-5", "42",
            "1.0", "1.5", "-0.0", "1e2", "1E400", "2.5e-3", "123456789012345678", "1234567890123456789",
            "12345678901234567890", "-9223372036854775808", "9223372036854775807", "true", "false", "null", "{}", "[]",
            "{\"symbol\":\"N\",\"timestamp\":5}", "[\"symbol\",1,{\"a\":[null]}]", "\"2026-11-21T10:00:00Z\"",
            "\"2026-11-21T10:00:00.123456789+01:00\"", "\"2026-11-21T10:00:00\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-11-21t10:00:00z\"", "\"2026-11-21T23:59:60Z\"", "\"+12026-11-21T10:00:00Z\"", "\"10:00\"",
            "1763719200000", "-1", "1763719200000.7", "\"1763719200000\""};

    private static final String PLAIN = "{\"symbol\":\"AAPL\",\"timestamp\":\"2026-11-21T10:00:00Z\"}";
    private static final String ESCAPED = "{\"symbol\":\"AAP\\u004c\",\"timestamp\":\"2026-11-21T10:00:00Z\"}";

    private static final String[] SPACES = {"", "", "", " ", "\n", "\t ", "\r\n"};

    private final Random random = new Random(8);

    @Test
    void readsAnOrdinaryTickFromItsBytesAsTheTreeWould() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = definition(
                KeySelectors.fields("symbol", "timestamp"), true);
        RecordExtractor<String, JsonNode> scanning = new RecordExtractor<>(definition, false, List.of("symbol"));
        String tick = "{\"symbol\":\"AAPL\",\"price\":101,\"timestamp\":\"2026-11-21T10:00:00.250Z\","
                + "\"company_info\":{\"name\":\"AAPL Holdings Inc\",\"employees_count\":12345}}";

        assertThat(scanning.extract(record(tick))).isTrue();

        assertThat(scanning.scanned).isTrue();
        assertThat(scanning.value).isNull();
        assertThat(scanning.key()).isEqualTo("AAPL|2026-11-21T10:00:00.250Z");
        assertThat(new String(scanning.keyBytes, StandardCharsets.UTF_8)).isEqualTo(scanning.key());
        assertThat(scanning.timestamp).isEqualTo(1_795_255_200_250L);
        assertThat(scanning.fields().size()).isOne();
        assertThat(scanning.fields().text(0)).isEqualTo("AAPL");
        assertThat(scanning.fields().utf8(0)).isEqualTo("AAPL".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fromARepartitionTopicTakesKeyAndTimeFromTheRecordAndStillChecksTheValue() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = definition(
                KeySelectors.fields("symbol", "timestamp"), true);
        RecordExtractor<String, JsonNode> scanning = new RecordExtractor<>(definition, true, List.of("symbol"));
        RecordExtractor<String, JsonNode> tree = new RecordExtractor<>(definition, true);
        byte[] key = "AAPL|5".getBytes(StandardCharsets.UTF_8);
        byte[] tick = "{\"symbol\":\"AAPL\",\"timestamp\":5}".getBytes(StandardCharsets.UTF_8);
        byte[] malformed = "{\"symbol\":\"AAPL\",".getBytes(StandardCharsets.UTF_8);

        assertThat(scanning.extract(keyed(key, tick))).isTrue();
        assertThat(scanning.scanned).isTrue();
        assertThat(scanning.key()).isEqualTo("AAPL|5");
        assertThat(scanning.timestamp).isEqualTo(RECORD_TIME);
        assertThat(scanning.fields().text(0)).isEqualTo("AAPL");

        assertThat(scanning.extract(keyed(key, malformed))).isFalse();
        assertThat(tree.extract(keyed(key, malformed))).isFalse();
        assertThat(scanning.failure).isEqualTo(DeadLetterReason.DESERIALIZATION).isEqualTo(tree.failure);
        assertThat(scanning.failureDetail).isEqualTo(tree.failureDetail);
    }

    @Test
    void aStreamThatMostlyFallsBackToTheTreeIsParsedWithoutScanningForAWhile() {
        RecordExtractor<String, JsonNode> extractor = new RecordExtractor<>(
                definition(KeySelectors.fields("symbol", "timestamp"), true), false, List.of("symbol"));
        // a window of four in five records with an escape, which the scanner leaves to the parser
        for (int i = 0; i < ScanFallbacks.WINDOW; i++) {
            assertThat(extractor.extract(record(i % 5 == 0 ? PLAIN : ESCAPED))).isTrue();
            assertThat(extractor.scanned).isEqualTo(i % 5 == 0);
        }

        for (int i = 0; i < ScanFallbacks.PAUSE; i++) {
            assertThat(extractor.extract(record(PLAIN))).isTrue();
            assertThat(extractor.scanned).as("paused at record %d", i).isFalse();
        }
        assertThat(extractor.key()).as("parsed, as the scan would have read it").isEqualTo("AAPL|2026-11-21T10:00:00Z");
        assertThat(extractor.extract(record(PLAIN))).isTrue();
        assertThat(extractor.scanned).as("scanning again after the pause").isTrue();
    }

    @Test
    void aStreamOfWhichThreeInFourFallBackIsStillScanned() {
        RecordExtractor<String, JsonNode> extractor = new RecordExtractor<>(
                definition(KeySelectors.fields("symbol", "timestamp"), true), false, List.of("symbol"));
        for (int i = 0; i < 2 * ScanFallbacks.WINDOW; i++) {
            assertThat(extractor.extract(record(i % 4 == 0 ? PLAIN : ESCAPED))).isTrue();
        }

        assertThat(extractor.extract(record(PLAIN))).isTrue();
        assertThat(extractor.scanned).isTrue();
    }

    @Test
    void aCallerThatNeedsTheTreeGetsIt() {
        RecordExtractor<String, JsonNode> tree = new RecordExtractor<>(
                definition(KeySelectors.fields("symbol", "timestamp"), true), false);

        assertThat(tree.extract(record("{\"symbol\":\"AAPL\",\"timestamp\":5}"))).isTrue();

        assertThat(tree.scanned).isFalse();
        assertThat(tree.value).isNotNull();
    }

    @Test
    void nestedPathsAndCustomSelectorsAreReadFromTheTree() {
        RecordExtractor<String, JsonNode> nested = new RecordExtractor<>(
                definition(KeySelectors.fields("symbol", "company_info.name"), true), false, List.of());
        RecordExtractor<String, JsonNode> custom = new RecordExtractor<>(
                definition((key, value) -> value.path("symbol").asString(), true), false, List.of());
        String json = "{\"symbol\":\"A\",\"timestamp\":5,\"company_info\":{\"name\":\"N\"}}";

        assertThat(nested.extract(record(json))).isTrue();
        assertThat(custom.extract(record(json))).isTrue();

        assertThat(nested.scanned).isFalse();
        assertThat(nested.key()).isEqualTo("A|N");
        assertThat(custom.scanned).isFalse();
    }

    @Test
    void readsADecimalFromTheBytesOnlyInAnExtraFieldOfACallerThatReadsDecimals() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = definition(KeySelectors.fields("symbol", "id"),
                true);
        RecordExtractor<String, JsonNode> decimals = new RecordExtractor<>(definition, false, List.of("price", "x"),
                true);
        RecordExtractor<String, JsonNode> texts = new RecordExtractor<>(definition, false, List.of("price", "x"));
        RecordExtractor<String, JsonNode> keyAsExtra = new RecordExtractor<>(definition, false, List.of("id"), true);
        RecordExtractor<String, JsonNode> tree = new RecordExtractor<>(definition, false);
        String decimalPrice = "{\"symbol\":\"A\",\"id\":7,\"timestamp\":5,\"price\":101.25,\"x\":1e3}";

        assertThat(decimals.extract(record(decimalPrice))).isTrue();
        assertThat(decimals.scanned).isTrue();
        assertThat(decimals.key()).isEqualTo("A|7");
        assertThat(decimals.fields().kind(0)).isEqualTo(JsonFieldScanner.DECIMAL);
        assertThat(decimals.fields().text(0)).isEqualTo("101.25");
        assertThat(decimals.fields().text(1)).isEqualTo("1e3");
        // a caller reading texts, as keep-first dedup does, gets the tree's "1000.0"
        assertThat(texts.extract(record(decimalPrice))).isTrue();
        assertThat(texts.scanned).isFalse();
        assertThat(texts.value).isNotNull();

        // key and time are texts for every caller: "A|1.5E2" and the tree's millis
        for (String json : List.of("{\"symbol\":\"A\",\"id\":1.5E2,\"timestamp\":5,\"price\":1,\"x\":1}",
                "{\"symbol\":\"A\",\"id\":7,\"timestamp\":5.7,\"price\":1,\"x\":1}")) {
            assertThat(decimals.extract(record(json))).as(json).isTrue();
            assertThat(tree.extract(record(json))).as(json).isTrue();
            assertThat(decimals.scanned).as(json).isFalse();
            assertThat(decimals.key()).as(json).isEqualTo(tree.key);
            assertThat(decimals.timestamp).as(json).isEqualTo(tree.timestamp);
        }
        String decimalKey = "{\"symbol\":\"A\",\"id\":1.5,\"timestamp\":5}";
        assertThat(keyAsExtra.extract(record(decimalKey))).isTrue();
        assertThat(keyAsExtra.scanned).as("a key field that is also an extra one").isFalse();
        assertThat(keyAsExtra.key()).isEqualTo("A|1.5");
    }

    @Test
    void givesTheTreesResultForEveryGeneratedRecord() {
        List<Variant> variants = List.of(
                new Variant(definition(KeySelectors.fields("symbol", "timestamp"), true), List.of("symbol")),
                new Variant(definition(KeySelectors.field("symbol"), true), List.of()),
                new Variant(definition(KeySelectors.fields("id", "price", "x"), false), List.of("symbol", "x")));
        int scanned = 0;
        int accepted = 0;
        for (int i = 0; i < 60_000; i++) {
            String json = document();
            byte[] bytes = i % 4 == 3 ? mutate(json.getBytes(StandardCharsets.UTF_8))
                    : json.getBytes(StandardCharsets.UTF_8);
            for (Variant variant : variants) {
                ConsumerRecord<byte[], byte[]> record = record(bytes, i % 50 == 0 ? -1 : RECORD_TIME);
                boolean treeOk = variant.tree.extract(record);
                boolean scanOk = variant.scanning.extract(record);
                String input = new String(bytes, StandardCharsets.UTF_8);
                assertThat(scanOk).as(input).isEqualTo(treeOk);
                assertThat(variant.scanning.failure).as(input).isEqualTo(variant.tree.failure);
                assertThat(variant.scanning.failureDetail).as(input).isEqualTo(variant.tree.failureDetail);
                if (!treeOk) {
                    continue;
                }
                accepted++;
                assertThat(variant.scanning.key()).as(input).isEqualTo(variant.tree.key);
                assertThat(variant.scanning.keyBytes).as(input).isEqualTo(variant.tree.keyBytes);
                assertThat(variant.scanning.timestamp).as(input).isEqualTo(variant.tree.timestamp);
                if (variant.scanning.scanned) {
                    scanned++;
                    JsonNode tree = variant.tree.value;
                    ScannedFields fields = variant.scanning.fields();
                    assertThat(fields.size()).isEqualTo(variant.fields.size());
                    for (int f = 0; f < variant.fields.size(); f++) {
                        String text = KeySelectors.field(variant.fields.get(f)).selectKey(null, tree);
                        assertThat(fields.text(f)).as(input).isEqualTo(text);
                        // the bytes may come from the cache of an earlier record: same bytes, however they collide
                        assertThat(fields.utf8(f)).as(input).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        // most accepted records are ordinary enough to be read from their bytes
        assertThat(accepted).isGreaterThan(10_000);
        assertThat(scanned).isGreaterThan(accepted / 3);
    }

    /** An object of random fields, often the ones read, with values from a list of the tricky and the ordinary. */
    private String document() {
        StringBuilder json = new StringBuilder(space()).append('{');
        int fields = random.nextInt(7);
        boolean ordinary = random.nextInt(3) == 0;
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(space()).append(',');
            }
            String name = NAMES[random.nextInt(NAMES.length)];
            String value = ordinary ? ordinaryValue(name) : VALUES[random.nextInt(VALUES.length)];
            json.append(space()).append('"').append(name).append('"').append(space()).append(':').append(space())
                    .append(value);
        }
        if (ordinary) {
            json.append(fields > 0 ? "," : "").append("\"symbol\":\"S").append(random.nextInt(100))
                    .append("\",\"timestamp\":\"2026-11-21T10:0").append(random.nextInt(10)).append(":00Z\",\"id\":")
                    .append(random.nextInt(1000)).append(",\"price\":").append(random.nextInt(1000))
                    .append(",\"x\":").append(random.nextBoolean());
        }
        return json.append(space()).append('}').append(space()).toString();
    }

    private String ordinaryValue(String name) {
        return switch (name) {
            case "company_info" -> "{\"name\":\"N\",\"symbol\":[1,2]}";
            case "price", "id" -> String.valueOf(random.nextInt(100_000) - 50);
            default -> VALUES[random.nextInt(VALUES.length)];
        };
    }

    private String space() {
        return SPACES[random.nextInt(SPACES.length)];
    }

    /** Truncates, deletes, duplicates or replaces a byte, or inserts one of the characters JSON's syntax hangs on. */
    private byte[] mutate(byte[] json) {
        if (json.length == 0) {
            return json;
        }
        int at = random.nextInt(json.length);
        byte[] special = {'{', '}', '[', ']', '"', '\\', ',', ':', '0', '-', 0, (byte) 0xC3, (byte) 0xFF, ' ', 'e'};
        List<Byte> bytes = new ArrayList<>();
        for (byte b : json) {
            bytes.add(b);
        }
        switch (random.nextInt(4)) {
            case 0 -> bytes.subList(at, bytes.size()).clear();
            case 1 -> bytes.remove(at);
            case 2 -> bytes.add(at, special[random.nextInt(special.length)]);
            default -> bytes.set(at, special[random.nextInt(special.length)]);
        }
        byte[] mutated = new byte[bytes.size()];
        for (int i = 0; i < mutated.length; i++) {
            mutated[i] = bytes.get(i);
        }
        return mutated;
    }

    private static ProcessorDefinition<String, JsonNode, JsonNode> definition(KeySelector<JsonNode, String> key,
            boolean timeField) {
        ProcessorDefinition.Builder<String, JsonNode, JsonNode> builder = ProcessorDefinition.json("scan")
                .source("ticks").key(key).output("out").function(() -> (value, context) -> { });
        if (timeField) {
            builder.eventTime(EventTimeExtractors.field("timestamp"));
        }
        return builder.build();
    }

    private static ConsumerRecord<byte[], byte[]> record(String json) {
        return record(json.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, long timestamp) {
        return new ConsumerRecord<>("ticks", 0, 0, timestamp, TimestampType.CREATE_TIME, 0, value.length, null, value,
                new RecordHeaders(), Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> keyed(byte[] key, byte[] value) {
        return new ConsumerRecord<>("ticks", 0, 0, RECORD_TIME, TimestampType.CREATE_TIME, key.length, value.length, key,
                value, new RecordHeaders(), Optional.empty());
    }

    private static final class Variant {

        final RecordExtractor<String, JsonNode> tree;
        final RecordExtractor<String, JsonNode> scanning;
        final List<String> fields;

        Variant(ProcessorDefinition<String, JsonNode, JsonNode> definition, List<String> fields) {
            this.tree = new RecordExtractor<>(definition, false);
            this.scanning = new RecordExtractor<>(definition, false, fields);
            this.fields = fields;
        }
    }
}
