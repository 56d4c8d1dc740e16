package io.tributary.api;

import java.time.Instant;

import io.tributary.internals.json.MillisExtractor;
import io.tributary.serde.Serdes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventTimeExtractorsTest {

    private static final Instant RECORD_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private static final JsonNode EVENT = Serdes.defaultJsonMapper().readTree("""
            {"created_at": "2026-11-21T10:03:07.250Z",
             "meta": {"occurred_at": "2026-11-21T11:03:07.250+01:00", "local": "2026-11-21T10:03:07"},
             "epoch": 1795255387250, "epoch_int": 86400000, "epoch_double": 1795255387250.9,
             "negative": -1000, "huge": 123456789012345678901234567890,
             "bad": "yesterday", "leap": "2026-02-29T00:00:00Z", "flag": true, "none": null,
             "object": {"at": 1}, "array": [1795255387250]}
            """);

    @Test
    void recordTimestampReturnsTheKafkaTimestamp() {
        EventTimeExtractor<JsonNode> extractor = EventTimeExtractors.recordTimestamp();

        assertThat(extractor.extract(EVENT, RECORD_TIME)).isEqualTo(RECORD_TIME);
        assertThat(millis(extractor, EVENT, 5L)).isEqualTo(5L);
    }

    @Test
    void recordTimestampIsNullWhenKafkaHasNone() {
        EventTimeExtractor<JsonNode> extractor = EventTimeExtractors.recordTimestamp();

        assertThat(extractor.extract(EVENT, Instant.ofEpochMilli(-1))).isNull();
        assertThat(millis(extractor, EVENT, -1L)).isEqualTo(MillisExtractor.NONE);
    }

    @Test
    void fieldReadsIsoInstants() {
        assertThat(EventTimeExtractors.field("created_at").extract(EVENT, RECORD_TIME))
                .isEqualTo(Instant.parse("2026-11-21T10:03:07.250Z"));
    }

    @Test
    void fieldReadsNestedIsoInstantsWithOffsets() {
        assertThat(EventTimeExtractors.field("meta.occurred_at").extract(EVENT, RECORD_TIME))
                .isEqualTo(Instant.parse("2026-11-21T10:03:07.250Z"));
    }

    @Test
    void fieldReadsEpochMillisNumbers() {
        assertThat(EventTimeExtractors.field("epoch").extract(EVENT, RECORD_TIME))
                .isEqualTo(Instant.parse("2026-11-21T10:03:07.250Z"));
        assertThat(EventTimeExtractors.field("epoch_int").extract(EVENT, RECORD_TIME))
                .isEqualTo(Instant.parse("1970-01-02T00:00:00Z"));
        assertThat(EventTimeExtractors.field("negative").extract(EVENT, RECORD_TIME))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
    }

    @Test
    void fieldDropsTheFractionOfFloatingPointMillis() {
        assertThat(EventTimeExtractors.field("epoch_double").extract(EVENT, RECORD_TIME))
                .isEqualTo(Instant.parse("2026-11-21T10:03:07.250Z"));
    }

    @Test
    void fieldIsNullForMissingOrUnusableNodes() {
        for (String path : new String[] { "missing", "meta.missing", "created_at.nested", "none", "bad", "leap",
                "flag", "object", "array", "huge", "meta.local" }) {
            EventTimeExtractor<JsonNode> extractor = EventTimeExtractors.field(path);

            assertThat(extractor.extract(EVENT, RECORD_TIME)).as(path).isNull();
            assertThat(millis(extractor, EVENT, 0L)).as(path).isEqualTo(MillisExtractor.NONE);
        }
    }

    @Test
    void fieldIgnoresTheRecordTimestamp() {
        assertThat(millis(EventTimeExtractors.field("epoch"), EVENT, 42L)).isEqualTo(1_795_255_387_250L);
    }

    @Test
    void builtInExtractorsOfferTheMillisFastPath() {
        assertThat(EventTimeExtractors.recordTimestamp()).isInstanceOf(MillisExtractor.class);
        assertThat(EventTimeExtractors.field("created_at")).isInstanceOf(MillisExtractor.class)
                .hasToString("EventTimeExtractors.field(created_at)");
    }

    @Test
    void invalidPathsFailAtCreation() {
        assertThatIllegalArgumentException().isThrownBy(() -> EventTimeExtractors.field("meta..occurred_at"))
                .withMessageContaining("'meta..occurred_at'");
    }

    private static long millis(EventTimeExtractor<JsonNode> extractor, JsonNode value, long recordTimestamp) {
        return ((MillisExtractor<JsonNode>) extractor).extractMillis(value, recordTimestamp);
    }
}
