package dev.keyless.aws.policy;

import java.util.Objects;

/** One finding of {@link TrustPolicyLinter}: {@code statement} is the statement's label ({@code 'Sid'} or {@code #i}). */
public record LintFinding(Severity severity, String ruleId, String statement, String message) {
    public enum Severity {
        ERROR,
        WARNING
    }

    public LintFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return severity + " [" + ruleId + "] statement " + statement + ": " + message;
    }
}
