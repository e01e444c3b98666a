package dev.keyless.aws.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every IAM condition operator [IAM User Guide, reference_policies_elements_condition_operators]. A negated
 * operator is stored with its positive twin: for a present key it is exactly the negation of the
 * twin over all policy values (values ORed for the twin become ANDed negations); for an absent key it
 * is true.
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", ValueKind.STRING, false),
    STRING_NOT_EQUALS("StringNotEquals", ValueKind.STRING, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", ValueKind.STRING_IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", ValueKind.STRING_IGNORE_CASE, true),
    STRING_LIKE("StringLike", ValueKind.STRING_LIKE, false),
    STRING_NOT_LIKE("StringNotLike", ValueKind.STRING_LIKE, true),
    NUMERIC_EQUALS("NumericEquals", ValueKind.NUMERIC_EQ, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", ValueKind.NUMERIC_EQ, true),
    NUMERIC_LESS_THAN("NumericLessThan", ValueKind.NUMERIC_LT, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", ValueKind.NUMERIC_LE, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", ValueKind.NUMERIC_GT, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", ValueKind.NUMERIC_GE, false),
    DATE_EQUALS("DateEquals", ValueKind.DATE_EQ, false),
    DATE_NOT_EQUALS("DateNotEquals", ValueKind.DATE_EQ, true),
    DATE_LESS_THAN("DateLessThan", ValueKind.DATE_LT, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", ValueKind.DATE_LE, false),
    DATE_GREATER_THAN("DateGreaterThan", ValueKind.DATE_GT, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", ValueKind.DATE_GE, false),
    BOOL("Bool", ValueKind.BOOL, false),
    BINARY_EQUALS("BinaryEquals", ValueKind.BINARY, false),
    IP_ADDRESS("IpAddress", ValueKind.IP, false),
    NOT_IP_ADDRESS("NotIpAddress", ValueKind.IP, true),
    ARN_EQUALS("ArnEquals", ValueKind.ARN, false),
    ARN_LIKE("ArnLike", ValueKind.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", ValueKind.ARN, true),
    ARN_NOT_LIKE("ArnNotLike", ValueKind.ARN, true),
    NULL("Null", ValueKind.NULL, false);

    private static final Map<String, ConditionOperator> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(o -> o.wire.toLowerCase(Locale.ROOT), Function.identity()));

    private final String wire;
    private final ValueKind kind;
    private final boolean negated;

    ConditionOperator(String wire, ValueKind kind, boolean negated) {
        this.wire = wire;
        this.kind = kind;
        this.negated = negated;
    }

    /** Operator names are matched case-insensitively, like key names. */
    public static Optional<ConditionOperator> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    public String wire() {
        return wire;
    }

    public ValueKind kind() {
        return kind;
    }

    public boolean negated() {
        return negated;
    }

    /** The positive operator for a negated one (and itself otherwise). */
    public ConditionOperator positiveTwin() {
        return switch (this) {
            case STRING_NOT_EQUALS -> STRING_EQUALS;
            case STRING_NOT_EQUALS_IGNORE_CASE -> STRING_EQUALS_IGNORE_CASE;
            case STRING_NOT_LIKE -> STRING_LIKE;
            case NUMERIC_NOT_EQUALS -> NUMERIC_EQUALS;
            case DATE_NOT_EQUALS -> DATE_EQUALS;
            case NOT_IP_ADDRESS -> IP_ADDRESS;
            case ARN_NOT_EQUALS -> ARN_EQUALS;
            case ARN_NOT_LIKE -> ARN_LIKE;
            default -> this;
        };
    }

    @Override
    public String toString() {
        return wire;
    }
}
