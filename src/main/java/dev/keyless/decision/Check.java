package dev.keyless.decision;

import java.util.Objects;

/**
 * One check of a decision: what is expected and what the token or request actually has. Never
 * token text: claims, key ids and hashes only. {@code N} names the check: each cloud's own step
 * enum in its decider, a plain label once rendered for {@code keyless explain}.
 */
public record Check<N>(N name, CheckStatus status, String expected, String actual) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    public boolean passed() {
        return status == CheckStatus.PASS;
    }

    public boolean failed() {
        return status == CheckStatus.FAIL;
    }
}
