package io.tributary.internals.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Parses ISO-8601 instants with an offset into epoch milliseconds, once per record on the hot path.
 *
 * <p>Why not {@code Instant.parse}: going through {@code DateTimeFormatter} allocates a parse context, a
 * field map and the result for every call and costs about a microsecond; this class hand-parses the shape
 * producers almost always write, {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}, straight from the
 * characters with no allocation. Anything else (lower-case {@code t}/{@code z}, missing seconds,
 * {@code +HH} or {@code +HH:MM:SS} offsets, leap seconds, {@code 24:00}, years outside 0000-9999) falls back
 * to {@code java.time}, so the accepted language is exactly what {@link OffsetDateTime#parse} or
 * {@link Instant#parse} accept, and the result always equals theirs.
 *
 * <p>Fractions of 1 to 9 digits are truncated to milliseconds, towards the past as
 * {@link Instant#toEpochMilli()} does. A date-time without an offset is rejected rather than guessed to be
 * UTC. Stateless and thread-safe.
 */
public final class Iso8601 {

    /** Returned by {@link #parseFast} when the text is not in the fast-path shape; no valid input maps to it. */
    static final long NOT_FAST = Long.MIN_VALUE;

    private static final int SECONDS_PER_DAY = 86_400;

    private Iso8601() {
    }

    /**
     * Returns the instant in {@code text} as epoch milliseconds.
     *
     * @throws DateTimeParseException if {@code text} is not an ISO-8601 date-time with an offset, names a
     *         date or time that does not exist, or lies outside the range of epoch milliseconds
     */
    public static long parseEpochMillis(CharSequence text) {
        Objects.requireNonNull(text, "text");
        long millis = parseFast(text);
        return millis != NOT_FAST ? millis : parseSlow(text);
    }

    /** The fast path alone, or {@link #NOT_FAST} when {@code text} needs (or fails) the full parser. */
    static long parseFast(CharSequence s) {
        int length = s.length();
        // shortest fast shape: yyyy-MM-ddTHH:mm:ssZ
        if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NOT_FAST;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return NOT_FAST;
        }
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour > 23 || minute > 59
                || second > 59) {
            return NOT_FAST;
        }

        int pos = 19;
        int millisOfSecond = 0;
        if (s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < length && isDigit(s.charAt(pos))) {
                if (pos - start < 3) {
                    millisOfSecond = millisOfSecond * 10 + (s.charAt(pos) - '0');
                }
                pos++;
            }
            int fractionDigits = pos - start;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return NOT_FAST;
            }
            if (fractionDigits == 1) {
                millisOfSecond *= 100;
            }
            else if (fractionDigits == 2) {
                millisOfSecond *= 10;
            }
        }

        if (pos >= length) {
            return NOT_FAST;
        }
        int offsetSeconds;
        char designator = s.charAt(pos);
        if (designator == 'Z') {
            if (pos + 1 != length) {
                return NOT_FAST;
            }
            offsetSeconds = 0;
        }
        else if (designator == '+' || designator == '-') {
            if (pos + 6 != length || s.charAt(pos + 3) != ':') {
                return NOT_FAST;
            }
            int offsetHours = digits(s, pos + 1, 2);
            int offsetMinutes = digits(s, pos + 4, 2);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours > 18
                    || (offsetHours == 18 && offsetMinutes != 0)) {
                return NOT_FAST;
            }
            offsetSeconds = offsetHours * 3600 + offsetMinutes * 60;
            if (designator == '-') {
                offsetSeconds = -offsetSeconds;
            }
        }
        else {
            return NOT_FAST;
        }

        long epochSecond = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return epochSecond * 1000 + millisOfSecond;
    }

    private static long parseSlow(CharSequence text) {
        DateTimeParseException offsetFailure;
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        catch (DateTimeParseException ex) {
            offsetFailure = ex;
        }
        catch (ArithmeticException ex) {
            throw outOfRange(text, ex);
        }
        // Instant.parse also takes the leap second 23:59:60 and the end-of-day 24:00:00
        try {
            return Instant.parse(text).toEpochMilli();
        }
        catch (DateTimeParseException ex) {
            throw offsetFailure;
        }
        catch (ArithmeticException ex) {
            throw outOfRange(text, ex);
        }
    }

    private static DateTimeParseException outOfRange(CharSequence text, RuntimeException cause) {
        return new DateTimeParseException(
                "Text '" + text + "' is outside the range of epoch milliseconds", text, 0, cause);
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeapYear(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeapYear(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's {@code days_from_civil}): counts in
     * 400-year eras starting in March, so the leap day falls at the end of the year.
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
