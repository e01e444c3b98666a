package dev.keyless.keys;

/** Source of the key that signs now; {@link SigningKeyRing} implements it. */
@FunctionalInterface
public interface ActiveSigner {
    SigningKey activeSigner();
}
