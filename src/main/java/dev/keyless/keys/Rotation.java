package dev.keyless.keys;

/** Outcome of {@link SigningKeyRing#rotate}. */
public sealed interface Rotation {
    /** A new key is published; it signs from {@code next.activated()}. */
    record Scheduled(KeyInfo next) implements Rotation {}

    /** A published key is still waiting to activate; rotating again would never let it sign. */
    record AlreadyPending(KeyInfo pending) implements Rotation {}
}
