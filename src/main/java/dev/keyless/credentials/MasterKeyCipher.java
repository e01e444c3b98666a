package dev.keyless.credentials;

/**
 * Encrypts sealing-key material at rest. The store owns the master key; this package only asks
 * it to wrap and unwrap 32-byte keys.
 */
public interface MasterKeyCipher {

    byte[] wrap(byte[] keyMaterial);

    /** Throws {@link IllegalStateException} when the wrapped bytes do not authenticate. */
    byte[] unwrap(byte[] wrapped);
}
