package dev.keyless;

/**
 * Keyless could not start from this configuration and environment (no master key, a wrong one,
 * the store unreachable, a trust policy or CEL expression that does not compile…). The CLI prints
 * the message — which says what to fix — without a stack trace, and exits 2.
 */
public final class StartupException extends IllegalStateException {
    StartupException(RuntimeException cause) {
        super(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
    }
}
