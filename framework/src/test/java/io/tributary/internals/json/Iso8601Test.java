package io.tributary.internals.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Iso8601Test {

    private static final long MIN_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long MAX_SECOND = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    @Test
    void parsesUtcInstantWithMillisOnTheFastPath() {
        String text = "2026-11-21T10:03:07.250Z";

        assertThat(Iso8601.parseFast(text)).isEqualTo(Instant.parse(text).toEpochMilli());
        assertThat(Iso8601.parseEpochMillis(text)).isEqualTo(1_795_255_387_250L);
    }

    @Test
    void parsesUtcInstantWithoutFraction() {
        assertThat(Iso8601.parseEpochMillis("1970-01-01T00:00:00Z")).isZero();
        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07Z")).isEqualTo(1_795_255_387_000L);
    }

    @Test
    void appliesPositiveAndNegativeOffsets() {
        assertThat(Iso8601.parseEpochMillis("2026-11-21T11:03:07.250+01:00")).isEqualTo(1_795_255_387_250L);
        assertThat(Iso8601.parseEpochMillis("2026-11-21T04:33:07.250-05:30")).isEqualTo(1_795_255_387_250L);
        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07.250-00:00")).isEqualTo(1_795_255_387_250L);
        assertThat(Iso8601.parseFast("2026-11-21T04:33:07.250-05:30")).isEqualTo(1_795_255_387_250L);
    }

    @Test
    void offsetMovesTheInstantAcrossDayAndYearBoundaries() {
        assertThat(Iso8601.parseEpochMillis("2026-01-01T00:30:00+01:00"))
                .isEqualTo(Instant.parse("2025-12-31T23:30:00Z").toEpochMilli());
        assertThat(Iso8601.parseEpochMillis("2025-12-31T23:30:00-18:00"))
                .isEqualTo(Instant.parse("2026-01-01T17:30:00Z").toEpochMilli());
    }

    @Test
    void scalesShortFractionsAndTruncatesLongOnesToMillis() {
        long second = Instant.parse("2026-11-21T10:03:07Z").toEpochMilli();

        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07.5Z")).isEqualTo(second + 500);
        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07.12Z")).isEqualTo(second + 120);
        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07.1239Z")).isEqualTo(second + 123);
        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07.123456789Z")).isEqualTo(second + 123);
        assertThat(Iso8601.parseEpochMillis("2026-11-21T10:03:07.999999999+00:00")).isEqualTo(second + 999);
    }

    @Test
    void truncatesTowardsThePastBeforeTheEpochAsInstantDoes() {
        String text = "1969-12-31T23:59:59.9995Z";

        assertThat(Iso8601.parseEpochMillis(text)).isEqualTo(Instant.parse(text).toEpochMilli()).isEqualTo(-1L);
    }

    @Test
    void acceptsLeapDaysOfLeapYearsOnly() {
        assertThat(Iso8601.parseEpochMillis("2024-02-29T12:00:00Z"))
                .isEqualTo(Instant.parse("2024-02-29T12:00:00Z").toEpochMilli());
        assertThat(Iso8601.parseEpochMillis("2000-02-29T00:00:00Z"))
                .isEqualTo(Instant.parse("2000-02-29T00:00:00Z").toEpochMilli());
        assertThatThrownBy(() -> Iso8601.parseEpochMillis("2026-02-29T00:00:00Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Iso8601.parseEpochMillis("1900-02-29T00:00:00Z"))
                .isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void handlesTheEndsOfTheFourDigitYearRange() {
        assertThat(Iso8601.parseFast("0000-01-01T00:00:00Z"))
                .isEqualTo(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli());
        assertThat(Iso8601.parseFast("9999-12-31T23:59:59.999Z"))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-11-21t10:03:07.250z",
            "2026-11-21T10:03Z",
            "2026-11-21T10:03:07+01",
            "2026-11-21T10:03:07+01:00:30",
            "2026-11-21T23:59:60Z",
            "2026-11-21T24:00:00Z",
            "+12026-11-21T10:03:07Z",
            "-0001-01-01T00:00:00Z",
            "2026-11-21T10:03:07.Z" })
    void fallsBackToJavaTimeForRarerShapesAndAgreesWithIt(String text) {
        assertThat(Iso8601.parseFast(text)).isEqualTo(Iso8601.NOT_FAST);
        assertThat(Iso8601.parseEpochMillis(text)).isEqualTo(javaTime(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "2026-11-21",
            "2026-11-21T10:03:07",
            "2026-11-21T10:03:07.250",
            "2026-11-21 10:03:07Z",
            "2026-11-21T10:03:07.1234567891Z",
            "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-11-21T25:03:07Z",
            "2026-11-21T10:60:07Z",
            "2026-11-21T10:03:07+19:00",
            "2026-11-21T10:03:07+01:60",
            "2026-11-21T10:03:07+0100",
            "2026-11-21T10:03:07Zjunk",
            "2026-11-21T10:03:07.250Z ",
            "２０２６-11-21T10:03:07Z",
            "+999999999-12-31T23:59:59Z" })
    void rejectsMalformedOrImpossibleInstants(String text) {
        assertThatThrownBy(() -> Iso8601.parseEpochMillis(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsWithOffsets() {
        Random random = new Random(20261121L);
        for (int i = 0; i < 5000; i++) {
            long epochSecond = MIN_SECOND + 86_400 + (long) (random.nextDouble() * (MAX_SECOND - MIN_SECOND - 2 * 86_400));
            int nanos = random.nextInt(1_000_000_000);
            int fractionDigits = random.nextInt(10);
            int offsetMinutes = random.nextInt(4) == 0 ? 0 : random.nextInt(2 * 18 * 60 + 1) - 18 * 60;
            String text = format(epochSecond, nanos, fractionDigits, offsetMinutes, random.nextBoolean());

            long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            assertThat(Instant.parse(text).toEpochMilli()).as(text).isEqualTo(expected);
            assertThat(Iso8601.parseFast(text)).as(text).isEqualTo(expected);
            assertThat(Iso8601.parseEpochMillis(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithJavaTimeOnTheirOwnFormatting() {
        Random random = new Random(7L);
        for (int i = 0; i < 2000; i++) {
            long epochSecond = MIN_SECOND + 86_400 + (long) (random.nextDouble() * (MAX_SECOND - MIN_SECOND - 2 * 86_400));
            Instant instant = Instant.ofEpochSecond(epochSecond, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(2 * 18 * 4 + 1) - 18 * 4) * 15 * 60);

            String utc = instant.toString();
            String withOffset = instant.atOffset(offset).toString();
            assertThat(Iso8601.parseEpochMillis(utc)).as(utc).isEqualTo(instant.toEpochMilli());
            assertThat(Iso8601.parseEpochMillis(withOffset)).as(withOffset).isEqualTo(instant.toEpochMilli());
        }
    }

    @Test
    void epochDayMatchesLocalDateOverFourCenturies() {
        for (java.time.LocalDate date = java.time.LocalDate.of(1800, 1, 1); date.getYear() < 2200;
                date = date.plusDays(1)) {
            assertThat(Iso8601.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .as(date.toString())
                    .isEqualTo(date.toEpochDay());
        }
    }

    private static String format(long epochSecond, int nanos, int fractionDigits, int offsetMinutes, boolean useZ) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        LocalDateTime local = LocalDateTime.ofEpochSecond(epochSecond, nanos, offset);
        StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(),
                local.getMonthValue(), local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()));
        if (fractionDigits > 0) {
            text.append('.').append(String.format("%09d", nanos), 0, fractionDigits);
        }
        if (offsetMinutes == 0 && useZ) {
            return text.append('Z').toString();
        }
        int abs = Math.abs(offsetMinutes);
        return text.append(offsetMinutes < 0 ? '-' : '+').append(String.format("%02d:%02d", abs / 60, abs % 60))
                .toString();
    }

    private static long javaTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        catch (DateTimeParseException ex) {
            return Instant.parse(text).toEpochMilli();
        }
    }
}
