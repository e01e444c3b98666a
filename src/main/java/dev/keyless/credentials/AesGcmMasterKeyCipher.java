package dev.keyless.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** {@link MasterKeyCipher} with AES-256-GCM: output is nonce (12 bytes) || ciphertext || tag. */
public final class AesGcmMasterKeyCipher implements MasterKeyCipher {

    private static final byte[] AAD = "keyless sealing key v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec masterKey;
    private final SecureRandom random;

    public AesGcmMasterKeyCipher(byte[] masterKey, SecureRandom random) {
        Objects.requireNonNull(masterKey, "masterKey");
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (AES-256)");
        }
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public byte[] wrap(byte[] keyMaterial) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(keyMaterial);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        if (wrapped.length < NONCE_BYTES + 16) {
            throw new IllegalStateException("wrapped sealing key is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey,
                    new GCMParameterSpec(128, Arrays.copyOf(wrapped, NONCE_BYTES)));
            cipher.updateAAD(AAD);
            return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing key does not decrypt with this master key", e);
        }
    }

    @Override
    public String toString() {
        return "AesGcmMasterKeyCipher[key=<redacted>]";
    }
}
