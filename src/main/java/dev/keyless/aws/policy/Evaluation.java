package dev.keyless.aws.policy;

import java.util.Objects;

/** A decision and the explanation of how it was reached. */
public record Evaluation(Decision decision, Explanation explanation) {
    public Evaluation {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(explanation, "explanation");
    }
}
