package dev.keyless.aws.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code Condition} block: {@code {"[ForAnyValue:|ForAllValues:]Operator[IfExists]": {"key": value
 * or [values]}}} [IAM User Guide, reference_policies_elements_condition]. Values without variables are
 * compiled here.
 */
final class ConditionParser {
    private static final String IF_EXISTS = "ifexists";

    private ConditionParser() {}

    static List<Condition> parse(JsonNode block, boolean variables, String where) throws MalformedPolicyException {
        if (block == null) {
            return List.of();
        }
        if (!block.isObject()) {
            throw new MalformedPolicyException(where + "Condition must be an object");
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> op : PolicyParser.fields(block).entrySet()) {
            String at = where + "Condition " + op.getKey();
            if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                throw new MalformedPolicyException(at + ": must map condition keys to values");
            }
            for (Map.Entry<String, JsonNode> key : PolicyParser.fields(op.getValue()).entrySet()) {
                out.add(condition(op.getKey(), key.getKey(), key.getValue(), variables, at + " " + key.getKey()));
            }
        }
        return out;
    }

    private static Condition condition(String name, String key, JsonNode valuesNode, boolean variables, String at)
            throws MalformedPolicyException {
        String rest = name;
        Condition.SetQualifier qualifier = Condition.SetQualifier.NONE;
        for (Condition.SetQualifier q : List.of(Condition.SetQualifier.FOR_ANY_VALUE, Condition.SetQualifier.FOR_ALL_VALUES)) {
            if (rest.toLowerCase(Locale.ROOT).startsWith(q.prefix().toLowerCase(Locale.ROOT))) {
                qualifier = q;
                rest = rest.substring(q.prefix().length());
            }
        }
        boolean ifExists = rest.toLowerCase(Locale.ROOT).endsWith(IF_EXISTS);
        String base = ifExists ? rest.substring(0, rest.length() - IF_EXISTS.length()) : rest;
        ConditionOperator operator = ConditionOperator.byName(base).orElseThrow(
                () -> new MalformedPolicyException(at + ": unknown condition operator '" + name + "'"));
        if (operator == ConditionOperator.NULL && (ifExists || qualifier != Condition.SetQualifier.NONE)) {
            throw new MalformedPolicyException(at + ": Null takes neither IfExists nor a set qualifier");
        }
        // Policy variables are not allowed with Null [IAM User Guide, reference_policies_variables].
        boolean allowVariables = variables && operator != ConditionOperator.NULL;
        List<PolicyValue> values = new ArrayList<>();
        List<ValueMatcher> compiled = new ArrayList<>();
        for (String raw : PolicyParser.scalarOrList(valuesNode, at)) {
            PolicyValue value = PolicyValue.parse(raw, allowVariables);
            values.add(value);
            compiled.add(value.hasVariables() ? null : compile(operator, value, at));
        }
        return new Condition(name, operator, qualifier, ifExists, key, values, compiled);
    }

    private static ValueMatcher compile(ConditionOperator operator, PolicyValue value, String at)
            throws MalformedPolicyException {
        try {
            return operator.kind().compile(value.resolve(ConditionContext.empty()).orElseThrow());
        } catch (IllegalArgumentException e) {
            throw new MalformedPolicyException(at + ": " + e.getMessage(), e);
        }
    }
}
