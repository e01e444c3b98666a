package dev.keyless.aws.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * How a family of operators compiles a policy value and compares a request value with it
 * [IAM User Guide, reference_policies_elements_condition_operators]. A request value that does not parse
 * (a non-number for {@code Numeric…}) simply does not match.
 */
public enum ValueKind {
    STRING,
    STRING_IGNORE_CASE,
    STRING_LIKE,
    NUMERIC_EQ,
    NUMERIC_LT,
    NUMERIC_LE,
    NUMERIC_GT,
    NUMERIC_GE,
    DATE_EQ,
    DATE_LT,
    DATE_LE,
    DATE_GT,
    DATE_GE,
    BOOL,
    BINARY,
    IP,
    ARN,
    NULL;

    /** Compiles a resolved value; throws {@link IllegalArgumentException} for a value of the wrong type. */
    ValueMatcher compile(PolicyValue.Resolved value) {
        String p = value.text();
        return switch (this) {
            case STRING -> p::equals;
            case STRING_IGNORE_CASE -> {
                String lower = p.toLowerCase(Locale.ROOT);
                yield v -> v.toLowerCase(Locale.ROOT).equals(lower);
            }
            case STRING_LIKE -> value.pattern(false)::matches;
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE -> numeric(number(p)
                    .orElseThrow(() -> new IllegalArgumentException("not a number: '" + p + "'")));
            case DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE -> date(DateValues.parse(p)
                    .orElseThrow(() -> new IllegalArgumentException("not a date: '" + p + "'")));
            case BOOL -> bool(p);
            case BINARY -> binary(p);
            case IP -> IpRange.parse(p)
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: '" + p + "'"))::contains;
            case ARN -> ArnPattern.of(value)::matches;
            case NULL -> nullValue(p);
        };
    }

    private ValueMatcher numeric(BigDecimal p) {
        return v -> number(v).map(n -> compare(n.compareTo(p))).orElse(false);
    }

    private ValueMatcher date(Instant p) {
        return v -> DateValues.parse(v).map(n -> compare(n.compareTo(p))).orElse(false);
    }

    private boolean compare(int c) {
        return switch (this) {
            case NUMERIC_EQ, DATE_EQ -> c == 0;
            case NUMERIC_LT, DATE_LT -> c < 0;
            case NUMERIC_LE, DATE_LE -> c <= 0;
            case NUMERIC_GT, DATE_GT -> c > 0;
            case NUMERIC_GE, DATE_GE -> c >= 0;
            default -> throw new IllegalStateException(name());
        };
    }

    private static ValueMatcher bool(String p) {
        String lower = p.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException("Bool needs \"true\" or \"false\", got '" + p + "'");
        }
        return v -> v.toLowerCase(Locale.ROOT).equals(lower);
    }

    private static ValueMatcher binary(String p) {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BinaryEquals needs base-64, got '" + p + "'", e);
        }
        return v -> {
            try {
                return Arrays.equals(Base64.getDecoder().decode(v), expected);
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
    }

    /** {@code Null}: the value says whether the key must be absent; matched against absence, not values. */
    private static ValueMatcher nullValue(String p) {
        String lower = p.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException("Null needs \"true\" or \"false\", got '" + p + "'");
        }
        boolean wantAbsent = lower.equals("true");
        return absent -> Boolean.parseBoolean(absent) == wantAbsent;
    }

    static Optional<BigDecimal> number(String s) {
        try {
            return Optional.of(new BigDecimal(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
