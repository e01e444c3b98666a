package dev.keyless.aws.decision;

import dev.keyless.aws.policy.PolicyEvaluation;
import dev.keyless.decision.Check;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One AssumeRoleWithWebIdentity decision: every check in order, the outcome, and what the audit
 * record needs about the token. {@code trustPolicy} is the policy evaluation when it ran.
 */
public record AwsDecision(List<Check<Step>> checks, AwsOutcome outcome, Optional<PolicyEvaluation> trustPolicy,
        Optional<String> issuer, Optional<String> subject, Optional<String> audience, Optional<String> jti) {

    public AwsDecision {
        checks = List.copyOf(checks);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(trustPolicy, "trustPolicy");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(jti, "jti");
    }

    public boolean allowed() {
        return outcome instanceof AwsOutcome.Allowed;
    }

    /** The check that refused, or empty when allowed. */
    public Optional<Check<Step>> decisive() {
        return outcome instanceof AwsOutcome.Denied d ? Optional.of(d.decisive()) : Optional.empty();
    }
}
