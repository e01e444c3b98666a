package dev.keyless.aws.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why a policy decided as it did: every statement with each of its checks, the outcome per requested
 * action with the statement that decided it, and a one-line summary naming the first failing check
 * (the answer to "why was I denied?").
 */
public record Explanation(
        Decision decision, List<StatementResult> statements, List<ActionResult> actions, String summary) {

    public Explanation {
        Objects.requireNonNull(decision, "decision");
        statements = List.copyOf(statements);
        actions = List.copyOf(actions);
        Objects.requireNonNull(summary, "summary");
    }

    /** One statement: each element's check and whether the statement applies to the request. */
    public record StatementResult(
            int index,
            Optional<String> sid,
            Effect effect,
            boolean principalMatched,
            boolean actionMatched,
            List<String> matchedActions,
            boolean resourceMatched,
            List<ConditionResult> conditions,
            boolean conditionsMatched,
            boolean applies) {

        public StatementResult {
            matchedActions = List.copyOf(matchedActions);
            conditions = List.copyOf(conditions);
        }

        public String label() {
            return sid.map(s -> "'" + s + "'").orElse("#" + index);
        }
    }

    /**
     * One condition: the operator as written, the key, the policy values after variable substitution,
     * the request's values, the result and whether the key was absent. {@code note} explains special
     * cases (an unresolved policy variable).
     */
    public record ConditionResult(
            String operator,
            String key,
            List<String> policyValues,
            List<String> requestValues,
            boolean result,
            boolean keyMissing,
            Optional<String> note) {

        public ConditionResult {
            policyValues = List.copyOf(policyValues);
            requestValues = List.copyOf(requestValues);
            Objects.requireNonNull(note, "note");
        }
    }

    /** The outcome for one requested action and the index of the statement that decided it, if any. */
    public record ActionResult(String action, Decision decision, OptionalInt decidedBy) {}

    /** Indices of the statements that decided (explicit denies, or the allows when allowed). */
    public List<Integer> decidingStatements() {
        return actions.stream().filter(a -> a.decision().name().equals(decision.name()))
                .filter(a -> a.decidedBy().isPresent())
                .map(a -> a.decidedBy().getAsInt()).distinct().toList();
    }
}
