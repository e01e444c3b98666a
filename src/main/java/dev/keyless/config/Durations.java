package dev.keyless.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 90d}, {@code 250ms} or
 * ISO-8601 ({@code PT5M}, {@code P1D}). A bare number is refused: "300" could mean seconds or minutes.
 */
public final class Durations {

    static final String SYNTAX = "write a number with a unit: 90s, 5m, 1h, 1h30m, 90d, 250ms, or ISO-8601 like PT5M";

    private static final Pattern SHORT = Pattern.compile(
            "(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Optional.of(Duration.parse(trimmed.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Duration total = Duration.ZERO
                    .plusDays(group(m, 1)).plusHours(group(m, 2)).plusMinutes(group(m, 3))
                    .plusSeconds(group(m, 4)).plusMillis(group(m, 5));
            return Optional.of(total);
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Renders a duration the way users write it ({@code 1h30m}, {@code 90s}). */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        append(out, d.toDaysPart(), "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        return out.toString();
    }

    private static void append(StringBuilder out, long value, String unit) {
        if (value != 0) {
            out.append(value).append(unit);
        }
    }

    private static long group(Matcher m, int index) {
        String value = m.group(index);
        return value == null ? 0 : Long.parseLong(value);
    }
}
