package dev.keyless.explain;

import java.util.Objects;

/**
 * One step of an exchange as {@code keyless explain} prints it: what the server expects and what
 * the token (or request) actually has. Never token text: claims, key ids and hashes only.
 */
public record Check(String name, Status status, String expected, String actual) {

    /** PASS and FAIL decide; NOT_REACHED follows a failure the server would have stopped at. */
    public enum Status { PASS, FAIL, NOT_REACHED }

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
