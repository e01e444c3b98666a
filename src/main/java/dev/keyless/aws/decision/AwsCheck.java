package dev.keyless.aws.decision;

import java.util.Objects;

/** One check of the decision: what is expected and what the token or request actually has. Never token text. */
public record AwsCheck(Step step, Status status, String expected, String actual) {

    /** PASS and FAIL decide; NOT_REACHED follows the failure the STS stops at. */
    public enum Status { PASS, FAIL, NOT_REACHED }

    public AwsCheck {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    public String name() {
        return step.label();
    }

    public boolean passed() {
        return status == Status.PASS;
    }
}
