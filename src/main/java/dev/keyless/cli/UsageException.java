package dev.keyless.cli;

/** A mistake in how a command was called or configured: printed as is, exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
