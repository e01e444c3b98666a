package dev.keyless.gcp.decision;

import java.util.Objects;

/** One check of a decision: what is expected, what the token or request has, and whether it passed. */
public record GcpCheck(CheckName name, Status status, String expected, String actual) {

    /**
     * NOT_CHECKED: the input cannot be checked (a test case gives claims, no signature);
     * NOT_REACHED: an earlier check decided, as the server would have stopped there.
     */
    public enum Status { PASSED, FAILED, NOT_CHECKED, NOT_REACHED }

    public GcpCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
