package dev.keyless.config;

/**
 * {@code console:}. The web console answers only loopback clients unless {@code allowRemote} is
 * true; then clients off the machine reach its sign-in page too (every page and API still needs a
 * sign-in). Off by default: an operator opens it on purpose, ideally behind TLS.
 */
public record ConsoleConfig(boolean allowRemote) {

    public static final ConsoleConfig DEFAULT = new ConsoleConfig(false);
}
