package io.tributary.dedup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tributary.api.ProcessorDefinition;
import io.tributary.serde.Serdes;
import io.tributary.testing.ProcessorTestDriver;
import io.tributary.testing.TestRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The deduplication operator through the test driver: the sample contract's pipeline (key (symbol, timestamp),
 * remembered until the watermark passes timestamp + 10 minutes, first occurrence kept) and the other options.
 */
class DeduplicationTest {

    private static final String INPUT = "stock_ticker";
    private static final String OUTPUT = "stock_ticker_dedup";
    private static final Duration SCOPE = Duration.ofMinutes(10);

    @Test
    void dropsAndCountsDuplicatesWithinTheScopeAndPassesFirstOccurrencesUnchanged() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            pipe(driver, tick("AMZN", "10:03:07.250", 187));
            pipe(driver, tick("AMZN", "10:03:07.250", 187));
            pipe(driver, tick("GOOG", "10:03:07.250", 140));
            pipe(driver, tick("AMZN", "10:03:07.250", 188)); // same (symbol, timestamp): a duplicate whatever the price
            pipe(driver, tick("AMZN", "10:03:08", 189));

            List<TestRecord<String, JsonNode>> out = driver.readOutput();
            assertThat(out).extracting(TestRecord::key, TestRecord::timestamp).containsExactly(
                    tuple("AMZN", at("10:03:07.250")), tuple("GOOG", at("10:03:07.250")), tuple("AMZN", at("10:03:08")));
            assertThat(out.get(0).value()).isEqualTo(tick("AMZN", "10:03:07.250", 187));
            assertThat(driver.duplicatesDropped()).isEqualTo(2);
        }
    }

    @Test
    void remembersAKeyUntilTheWatermarkPassesItsTimestampPlusTheScope() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            pipe(driver, tick("AMZN", "10:00", 187));
            pipe(driver, tick("GOOG", "10:10", 140));        // watermark 10:09:59.999 < 10:10: AMZN@10:00 remembered
            pipe(driver, tick("AMZN", "10:00", 187));
            assertThat(driver.duplicatesDropped()).isEqualTo(1);

            pipe(driver, tick("GOOG", "10:10:00.001", 141)); // watermark 10:10: the scope of AMZN@10:00 ends
            pipe(driver, tick("AMZN", "10:00", 187));
            assertThat(driver.readOutput()).extracting(r -> r.value().get("price").intValue())
                    .containsExactly(187, 140, 141, 187);
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
        }
    }

    @Test
    void forgetsEveryKeyWhoseScopeEndsAtOneWatermarkWhenTheirKeysAreOfOneLength() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            pipe(driver, tick("AMZN", "10:00", 187));
            pipe(driver, tick("GOOG", "10:00", 140));
            pipe(driver, tick("MSFT", "10:00", 410));
            pipe(driver, tick("AMZN", "10:20", 190));        // watermark 10:19:59.999: the three scopes end together

            pipe(driver, tick("AMZN", "10:00", 187));
            pipe(driver, tick("GOOG", "10:00", 140));
            pipe(driver, tick("MSFT", "10:00", 410));
            assertThat(driver.duplicatesDropped()).as("each key forgotten, not only the first to fire").isZero();
            assertThat(driver.readOutput()).hasSize(7);
        }
    }

    @Test
    void aRecordLaterThanItsScopePassesAndItsRepeatsAreDroppedUntilTheWatermarkMovesOn() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            pipe(driver, tick("GOOG", "10:30", 140));        // watermark 10:29:59.999
            pipe(driver, tick("AMZN", "10:00", 187));        // its scope ended at 10:10: passes
            pipe(driver, tick("AMZN", "10:00", 187));        // the watermark has not moved: still a duplicate
            assertThat(driver.duplicatesDropped()).isEqualTo(1);

            pipe(driver, tick("GOOG", "10:30:01", 141));     // the watermark moves on: AMZN@10:00 is forgotten
            pipe(driver, tick("AMZN", "10:00", 187));
            assertThat(driver.readOutput()).extracting(r -> r.value().get("price").intValue())
                    .containsExactly(140, 187, 141, 187);
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
            assertThat(driver.timerCount()).as("markers expire without timers").isZero();
        }
    }

    @Test
    void asksForSmallFetchesSinceItsMarkersLiveOnTheHeap() {
        assertThat(contract().build().smallFetches()).isTrue();
        assertThat(ProcessorDefinition.json("plain").source(INPUT).key((recordKey, value) -> "key")
                .function(() -> (value, context) -> { }).build().smallFetches()).isFalse();
    }

    @Test
    void aKeySeenAgainAfterItsScopeStartsANewScope() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = Deduplication.builder("dedup-by-id")
                .source(INPUT).output(OUTPUT).keyBy("id").eventTime("timestamp").scope(SCOPE).build();
        try (var driver = ProcessorTestDriver.of(definition)) {
            pipe(driver, event("a", "10:00"));
            pipe(driver, event("a", "10:09:59.999"));
            driver.advanceWatermark(at("10:10"));
            pipe(driver, event("a", "10:11"));
            pipe(driver, event("a", "10:20:59.999"));

            assertThat(driver.readOutput()).extracting(TestRecord::key, TestRecord::timestamp)
                    .containsExactly(tuple("a", at("10:00")), tuple("a", at("10:11")));
            assertThat(driver.duplicatesDropped()).isEqualTo(2);
        }
    }

    @Test
    void expiryFreesTheStoredStateOnceAWholeBucketOfExpiryTimesHasPassed() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            for (int i = 0; i < 100; i++) {
                pipe(driver, tick("S" + i, "10:00", i));
            }
            driver.commit();
            long remembering = driver.storedEntries();
            assertThat(driver.timerCount()).isZero();

            // the markers expire at 10:10; their bucket, a sixteenth of the scope wide, has passed whole by 10:10:38
            driver.advanceWatermark(at("10:10:38")).commit();

            assertThat(remembering - driver.storedEntries())
                    .as("the one packed entry holding the 100 markers, all expired together, is deleted").isEqualTo(1);
            assertThat(driver.readOutput()).hasSize(100);
        }
    }

    @Test
    void keepLastEmitsTheLastOccurrenceWhenTheScopeEnds() {
        try (var driver = ProcessorTestDriver.of(contract().keepLast().build())) {
            pipe(driver, tick("AMZN", "10:00", 1));
            pipe(driver, tick("AMZN", "10:00", 2));
            pipe(driver, tick("AMZN", "10:00", 3));
            assertThat(driver.readOutput()).isEmpty();
            assertThat(driver.duplicatesDropped()).isEqualTo(2);

            driver.advanceWatermark(at("10:09:59.999"));
            assertThat(driver.readOutput()).isEmpty();
            driver.advanceWatermark(at("10:10"));

            List<TestRecord<String, JsonNode>> out = driver.readOutput();
            assertThat(out).extracting(TestRecord::key, TestRecord::timestamp).containsExactly(tuple("AMZN", at("10:10")));
            assertThat(out.get(0).value()).isEqualTo(tick("AMZN", "10:00", 3));
            assertThat(driver.timerCount()).isZero();
        }
    }

    @Test
    void processingTimeScopeForgetsAKeyWhenTheClockPassesFirstSightPlusScope() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = Deduplication.builder("dedup-wall-clock")
                .source(INPUT).output(OUTPUT).keyBy("id").scope(Duration.ofMinutes(1)).scopeInProcessingTime().build();
        try (var driver = ProcessorTestDriver.of(definition, at("12:00"))) {
            pipe(driver, event("a", "10:00"));
            driver.advanceProcessingTime(Duration.ofSeconds(59));
            pipe(driver, event("a", "10:00"));
            assertThat(driver.readOutput()).hasSize(1);
            assertThat(driver.duplicatesDropped()).isEqualTo(1);

            driver.advanceProcessingTime(Duration.ofSeconds(1));
            assertThat(driver.timerCount()).isZero();
            pipe(driver, event("a", "10:00"));
            pipe(driver, event("a", "10:00"));

            assertThat(driver.readOutput()).hasSize(1);
            assertThat(driver.duplicatesDropped()).isEqualTo(2);
        }
    }

    @Test
    void routesDuplicatesUnchangedToTheirTopicWithTheKeyTheyRepeat() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = contract().duplicatesTo("stock_ticker_duplicates").build();
        try (var driver = ProcessorTestDriver.of(definition)) {
            pipe(driver, tick("AMZN", "10:03:07.250", 187));
            pipe(driver, tick("AMZN", "10:03:07.250", 188));

            List<TestRecord<String, JsonNode>> duplicates = driver.readSideOutput(Deduplication.DUPLICATES);
            assertThat(duplicates).extracting(TestRecord::topic, TestRecord::key, TestRecord::timestamp)
                    .containsExactly(tuple("stock_ticker_duplicates", "AMZN", at("10:03:07.250")));
            assertThat(duplicates.get(0).value()).isEqualTo(tick("AMZN", "10:03:07.250", 188));
            assertThat(duplicates.get(0).header(Deduplication.DUPLICATE_OF_HEADER))
                    .isEqualTo("AMZN|2026-11-21T10:03:07.250Z");
            assertThat(driver.readOutput()).hasSize(1);
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
        }
    }

    @Test
    void wholeValueTreatsEqualJsonAsDuplicatesWhateverThePropertyOrder() {
        ProcessorDefinition<String, JsonNode, JsonNode> definition = Deduplication.builder("dedup-values")
                .source(INPUT).output(OUTPUT).wholeValue().scope(SCOPE).build();
        try (var driver = ProcessorTestDriver.of(definition)) {
            driver.pipe("k", json("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}"), at("10:00"));
            driver.pipe("k", json("{\"b\":{\"d\":3,\"c\":2},\"a\":1}"), at("10:00:01"));
            driver.pipe("k", json("{\"a\":1,\"b\":{\"c\":2,\"d\":4}}"), at("10:00:02"));

            List<TestRecord<String, JsonNode>> out = driver.readOutput();
            assertThat(out).extracting(TestRecord::value).containsExactly(
                    json("{\"a\":1,\"b\":{\"c\":2,\"d\":3}}"), json("{\"a\":1,\"b\":{\"c\":2,\"d\":4}}"));
            assertThat(out).extracting(TestRecord::key).allSatisfy(key -> assertThat(key).matches("[0-9a-f]{64}"))
                    .doesNotHaveDuplicates();
            assertThat(driver.duplicatesDropped()).isEqualTo(1);
        }
    }

    @Test
    void writesNoChangelogForAKeyRememberedAndForgottenWithinOneCommit() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            driver.commit();
            long baseline = driver.changelogRecords();
            pipe(driver, tick("AMZN", "10:00", 187));
            pipe(driver, tick("GOOG", "10:10:00.001", 140)); // the scope of AMZN@10:00 ends before the commit
            driver.commit();

            assertThat(driver.changelogRecords() - baseline)
                    .as("GOOG's marker, the watermark, max event time and the markers' pass time").isEqualTo(4);
        }
    }

    @Test
    void deletesTheMarkerOfAKeyCommittedBeforeItsScopeEnds() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            pipe(driver, tick("AMZN", "10:00", 187));
            driver.commit();
            long afterFirst = driver.changelogRecords();
            long stored = driver.storedEntries();
            pipe(driver, tick("GOOG", "10:10:00.001", 140));
            driver.commit();

            assertThat(driver.changelogRecords() - afterFirst)
                    .as("AMZN's bucket tombstoned, GOOG's written, the watermark, max event time and the pass time")
                    .isEqualTo(5);
            assertThat(driver.storedEntries()).isEqualTo(stored);
            pipe(driver, tick("AMZN", "10:00", 187));
            assertThat(driver.duplicatesDropped()).isZero();
        }
    }

    @Test
    void deadLettersARecordWithoutItsKeyFields() {
        try (var driver = ProcessorTestDriver.of(contract().build())) {
            driver.pipe("AMZN", json("{\"symbol\":\"AMZN\",\"price\":1}"), at("10:00"));

            assertThat(driver.readDeadLetters()).hasSize(1);
            assertThat(driver.readOutput()).isEmpty();
        }
    }

    @Test
    void rejectsAnIncompleteOrContradictorySpecAtBuildTime() {
        assertThatIllegalStateException()
                .isThrownBy(() -> Deduplication.builder("d").source(INPUT).output(OUTPUT).keyBy("id").build())
                .withMessageContaining("has no scope");
        assertThatIllegalStateException()
                .isThrownBy(() -> Deduplication.builder("d").source(INPUT).output(OUTPUT).scope(SCOPE).build())
                .withMessageContaining("has no key");
        assertThatIllegalStateException()
                .isThrownBy(() -> Deduplication.builder("d").source(INPUT).output(OUTPUT).scope(SCOPE)
                        .keyBy("id").wholeValue().build())
                .withMessageContaining("keep one");
    }

    private static Deduplication.Builder contract() {
        return Deduplication.builder("dedup")
                .source(INPUT)
                .output(OUTPUT)
                .keyBy("symbol", "timestamp")
                .eventTime("timestamp")
                .scope(SCOPE);
    }

    private static void pipe(ProcessorTestDriver<String, JsonNode, JsonNode> driver, JsonNode value) {
        driver.pipe(value.get("symbol") != null ? value.get("symbol").stringValue() : value.get("id").stringValue(),
                value, Instant.parse(value.get("timestamp").stringValue()));
    }

    private static JsonNode tick(String symbol, String time, int price) {
        return json("{\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"timestamp\":\"" + at(time) + "\"}");
    }

    private static JsonNode event(String id, String time) {
        return json("{\"id\":\"" + id + "\",\"timestamp\":\"" + at(time) + "\"}");
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-21T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    private static JsonNode json(String text) {
        return Serdes.defaultJsonMapper().readTree(text);
    }
}
