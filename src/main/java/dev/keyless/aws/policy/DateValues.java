package dev.keyless.aws.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Dates in conditions: W3C/ISO 8601 forms or epoch seconds ("Date condition operators … support
 * epoch (UNIX) time" [IAM User Guide, reference_policies_elements_condition_operators]).
 */
final class DateValues {
    private DateValues() {}

    static Optional<Instant> parse(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.chars().allMatch(Character::isDigit) && t.length() <= 12) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            // fall through to a date without time
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
