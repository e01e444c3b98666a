package dev.keyless.aws.policy;

import java.util.List;
import java.util.Objects;

/**
 * One key under one operator in a {@code Condition} block, e.g.
 * {@code "ForAnyValue:StringLikeIfExists": {"gitlab.com:sub": ["a", "b"]}}. {@code operatorName} is
 * the operator as written, for explanations.
 */
public record Condition(
        String operatorName,
        ConditionOperator operator,
        SetQualifier qualifier,
        boolean ifExists,
        String key,
        List<PolicyValue> values,
        List<ValueMatcher> compiled) {

    /** {@code ForAnyValue:} / {@code ForAllValues:} [IAM User Guide, reference_policies_multi-value-conditions]. */
    public enum SetQualifier {
        NONE(""),
        FOR_ANY_VALUE("ForAnyValue:"),
        FOR_ALL_VALUES("ForAllValues:");

        private final String prefix;

        SetQualifier(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public Condition {
        Objects.requireNonNull(operatorName, "operatorName");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(key, "key");
        values = List.copyOf(values);
        // one entry per value; null where the value has variables and is compiled per request
        compiled = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(compiled));
    }

    public List<String> rawValues() {
        return values.stream().map(PolicyValue::raw).toList();
    }

    @Override
    public String toString() {
        return operatorName + " " + key + " " + rawValues();
    }
}
