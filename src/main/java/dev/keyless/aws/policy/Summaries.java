package dev.keyless.aws.policy;

import java.util.List;
import java.util.Optional;

/** One-line summaries for explanations: the decision and the first failing check. */
final class Summaries {
    private Summaries() {}

    static String summary(Decision decision, List<Explanation.ActionResult> actions,
            List<Explanation.StatementResult> results, AuthorizationRequest request) {
        return switch (decision) {
            case Decision.Allow a -> "Allow: " + String.join(", ", request.actions()) + " allowed by statement(s) "
                    + actions.stream().map(r -> results.get(r.decidedBy().orElseThrow()).label()).distinct().toList();
            case Decision.ExplicitDeny d -> "ExplicitDeny: " + d.reason();
            case Decision.ImplicitDeny d -> "ImplicitDeny: " + d.reason();
        };
    }

    /**
     * Why {@code action} has no applicable Allow: the first failing check of the Allow statement that
     * came closest (principal and action matched first, then action only).
     */
    static String firstFailure(String action, List<Explanation.StatementResult> results) {
        Optional<Explanation.StatementResult> best = results.stream()
                .filter(r -> r.effect() == Effect.ALLOW && r.matchedActions().contains(action) && r.principalMatched())
                .findFirst()
                .or(() -> results.stream()
                        .filter(r -> r.effect() == Effect.ALLOW && r.matchedActions().contains(action)).findFirst());
        if (best.isEmpty()) {
            return "no Allow statement covers action " + action;
        }
        Explanation.StatementResult r = best.get();
        String where = "statement " + r.label() + ": ";
        if (!r.principalMatched()) {
            return where + "the principal is not in its Principal";
        }
        if (!r.resourceMatched()) {
            return where + "the resource does not match its Resource";
        }
        return r.conditions().stream().filter(c -> !c.result()).findFirst()
                .map(c -> where + condition(c))
                .orElse(where + "does not apply");
    }

    static String condition(Explanation.ConditionResult c) {
        String head = "condition " + c.operator() + " " + c.key();
        if (c.note().isPresent()) {
            return head + " is false: " + c.note().get();
        }
        if (c.keyMissing()) {
            return head + " is false: the key is absent from the request";
        }
        return head + " is false: request value(s) " + c.requestValues() + " against policy value(s) " + c.policyValues();
    }
}
