package dev.keyless.keys;

/** Source of the key that signs now; {@link KeyRing} implements it. */
@FunctionalInterface
public interface ActiveSigner {
    SigningKey activeSigner();
}
