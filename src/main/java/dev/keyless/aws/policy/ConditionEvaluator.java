package dev.keyless.aws.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One condition against the request context [IAM User Guide, reference_policies_elements_condition_operators,
 * reference_policies_multi-value-conditions; IAM User Guide, condition keys for web identity federation]:
 * <ul>
 *   <li>values for one key are ORed; for a negated operator the result is the negation of the positive
 *       twin, so they act as AND;</li>
 *   <li>an absent key (or an empty set) is false, except for negated operators and {@code …IfExists}
 *       (true); {@code ForAnyValue:} over an absent or empty set is false, {@code ForAllValues:} true;</li>
 *   <li>{@code Null}: {@code "true"} holds when the key is absent.</li>
 * </ul>
 */
final class ConditionEvaluator {
    private ConditionEvaluator() {}

    static Explanation.ConditionResult evaluate(Condition c, ConditionContext context) {
        List<String> request = context.get(c.key()).orElse(List.of());
        boolean missing = request.isEmpty();
        List<ValueMatcher> matchers = new ArrayList<>(c.values().size());
        List<String> shown = new ArrayList<>(c.values().size());
        for (int i = 0; i < c.values().size(); i++) {
            PolicyValue value = c.values().get(i);
            ValueMatcher m = c.compiled().get(i);
            if (m != null) {
                matchers.add(m);
                shown.add(value.raw());
                continue;
            }
            Optional<PolicyValue.Resolved> resolved = value.resolve(context);
            if (resolved.isEmpty()) {
                return new Explanation.ConditionResult(c.operatorName(), c.key(), List.of(value.raw()), request, false,
                        missing, Optional.of("policy variable in '" + value.raw()
                                + "' has no single value in the request and no default: the condition does not apply"));
            }
            shown.add(resolved.get().text());
            try {
                matchers.add(c.operator().kind().compile(resolved.get()));
            } catch (IllegalArgumentException e) {
                shown.set(shown.size() - 1, resolved.get().text() + " (invalid: " + e.getMessage() + ")");
            }
        }
        boolean result = decide(c, matchers, request, missing);
        return new Explanation.ConditionResult(c.operatorName(), c.key(), shown, request, result, missing, Optional.empty());
    }

    static boolean decide(Condition c, List<ValueMatcher> matchers, List<String> request, boolean missing) {
        if (c.operator() == ConditionOperator.NULL) {
            return anyMatch(matchers, String.valueOf(missing));
        }
        if (missing) {
            return switch (c.qualifier()) {
                case FOR_ALL_VALUES -> true;
                case FOR_ANY_VALUE -> c.ifExists();
                case NONE -> c.ifExists() || c.operator().negated();
            };
        }
        boolean negated = c.operator().negated();
        return switch (c.qualifier()) {
            case NONE -> negated != request.stream().anyMatch(v -> anyMatch(matchers, v));
            case FOR_ANY_VALUE -> request.stream().anyMatch(v -> negated != anyMatch(matchers, v));
            case FOR_ALL_VALUES -> request.stream().allMatch(v -> negated != anyMatch(matchers, v));
        };
    }

    private static boolean anyMatch(List<ValueMatcher> matchers, String v) {
        for (ValueMatcher m : matchers) {
            if (m.matches(v)) {
                return true;
            }
        }
        return false;
    }
}
