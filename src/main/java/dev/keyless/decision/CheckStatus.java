package dev.keyless.decision;

/**
 * How one check of a decision ended. PASS and FAIL decide; NOT_CHECKED: the input cannot be checked
 * (a test case gives claims, no signature); NOT_REACHED: an earlier check decided.
 */
public enum CheckStatus {
    PASS, FAIL, NOT_CHECKED, NOT_REACHED;

    /** The mark {@code keyless explain} and {@code keyless test} print in front of a check. */
    public String mark() {
        return switch (this) {
            case PASS -> "[ok]";
            case FAIL -> "[FAIL]";
            case NOT_CHECKED -> "[not checked]";
            case NOT_REACHED -> "[not reached]";
        };
    }
}
