package io.tributary.internals.annotation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the durations written in annotation attributes: a whole number with a unit ({@code 100ms},
 * {@code 10s}, {@code 3m}, {@code 1h}, {@code 2d}) or ISO-8601 ({@code PT3M}). Exists because annotation
 * attributes must be constants, so durations arrive as text, and the framework must not depend on Spring
 * Boot's {@code DurationStyle}. A number without a unit is refused: {@code 10} reads as seconds to some
 * and milliseconds to others.
 */
public final class DurationText {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /** The duration in {@code text}, or {@code null} if it is not one; may be negative in ISO form. */
    public static @Nullable Duration parse(String text) {
        String trimmed = text.strip();
        Matcher simple = SIMPLE.matcher(trimmed);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            if (!trimmed.isEmpty() && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p'
                    || trimmed.charAt(0) == '-' || trimmed.charAt(0) == '+')) {
                return Duration.parse(trimmed);
            }
            return null;
        }
        catch (DateTimeParseException | ArithmeticException ex) {
            return null;
        }
    }
}
