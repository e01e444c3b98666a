package dev.keyless.aws.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Evaluates one policy [IAM User Guide, reference_policies_evaluation-logic]: a statement applies when its
 * principal, action, resource and every condition match; for each requested action an applicable
 * {@code Deny} gives an explicit deny, else an applicable {@code Allow} allows, else the action is
 * implicitly denied. The request is allowed only when every action is. Statement order never matters.
 * Stateless and thread-safe.
 */
public final class PolicyEvaluator {

    public PolicyEvaluation evaluate(PolicyDocument policy, AuthorizationRequest request) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(request, "request");
        List<Explanation.StatementResult> results = new ArrayList<>(policy.statements().size());
        for (Statement s : policy.statements()) {
            results.add(statement(s, request));
        }
        List<Explanation.ActionResult> actions = new ArrayList<>(request.actions().size());
        for (String action : request.actions()) {
            actions.add(decide(action, results));
        }
        Decision decision = overall(actions, results);
        String summary = Summaries.summary(decision, actions, results, request);
        return new PolicyEvaluation(decision, new Explanation(decision, results, actions, summary));
    }

    private static Explanation.StatementResult statement(Statement s, AuthorizationRequest request) {
        boolean principal = s.principals().map(p -> p.matches(request.principalType(), request.principalArn()))
                .orElse(true);
        List<String> matched = new ArrayList<>(request.actions().size());
        for (String a : request.actions()) {
            if (s.actions().map(m -> m.matches(a)).orElse(false)) {
                matched.add(a);
            }
        }
        // A trust policy's resource is the role itself: with no resource in the request, a Resource
        // element matches only when it would match anything.
        String resource = request.resource() == null ? "*" : request.resource();
        boolean resourceMatched = s.resources().map(r -> r.matches(resource)).orElse(true);
        List<Explanation.ConditionResult> conditions = new ArrayList<>(s.conditions().size());
        boolean all = true;
        for (Condition c : s.conditions()) {
            Explanation.ConditionResult r = ConditionEvaluator.evaluate(c, request.context());
            conditions.add(r);
            all &= r.result();
        }
        boolean applies = principal && !matched.isEmpty() && resourceMatched && all;
        return new Explanation.StatementResult(s.index(), s.sid(), s.effect(), principal, !matched.isEmpty(), matched,
                resourceMatched, conditions, all, applies);
    }

    private static Explanation.ActionResult decide(String action, List<Explanation.StatementResult> results) {
        OptionalInt allow = OptionalInt.empty();
        for (Explanation.StatementResult r : results) {
            if (!r.applies() || !r.matchedActions().contains(action)) {
                continue;
            }
            if (r.effect() == Effect.DENY) {
                return new Explanation.ActionResult(action,
                        new Decision.ExplicitDeny("statement " + r.label() + " denies " + action), OptionalInt.of(r.index()));
            }
            if (allow.isEmpty()) {
                allow = OptionalInt.of(r.index());
            }
        }
        if (allow.isPresent()) {
            return new Explanation.ActionResult(action, new Decision.Allow(), allow);
        }
        return new Explanation.ActionResult(action, new Decision.ImplicitDeny("no statement allows " + action),
                OptionalInt.empty());
    }

    private static Decision overall(List<Explanation.ActionResult> actions, List<Explanation.StatementResult> results) {
        for (Explanation.ActionResult a : actions) {
            if (a.decision() instanceof Decision.ExplicitDeny d) {
                return d;
            }
        }
        for (Explanation.ActionResult a : actions) {
            if (a.decision() instanceof Decision.ImplicitDeny) {
                return new Decision.ImplicitDeny(Summaries.firstFailure(a.action(), results));
            }
        }
        return new Decision.Allow();
    }
}
