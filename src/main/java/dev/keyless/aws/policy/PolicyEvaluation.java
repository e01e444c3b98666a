package dev.keyless.aws.policy;

import java.util.Objects;

/** A decision and the explanation of how it was reached. */
public record PolicyEvaluation(Decision decision, Explanation explanation) {
    public PolicyEvaluation {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(explanation, "explanation");
    }
}
