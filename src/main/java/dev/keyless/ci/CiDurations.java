package dev.keyless.ci;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job {@code timeout:} text as GitLab reads it with ChronicDuration: {@code 3600}, {@code 1h 30m},
 * {@code 2 hours 15 minutes}, {@code 1d}, {@code 3 weeks} (https://docs.gitlab.com/ee/ci/yaml/#timeout).
 * A bare number is seconds. A month is 30 days, as in ChronicDuration.
 */
public final class CiDurations {
    private static final Pattern PART = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?)?\\s*(?:and\\s*|,\\s*)?");

    private CiDurations() {}

    public static Optional<Duration> parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double seconds = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at || m.end() == at) {
                return Optional.empty();
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            seconds += n * unitSeconds(unit);
            at = m.end();
        }
        return seconds >= 1 ? Optional.of(Duration.ofSeconds((long) seconds)) : Optional.empty();
    }

    private static long unitSeconds(String unit) {
        if (unit.startsWith("mo")) {
            return 30L * 86400;
        }
        return switch (unit.charAt(0)) {
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            case 'w' -> 7L * 86400;
            default -> 1;
        };
    }
}
