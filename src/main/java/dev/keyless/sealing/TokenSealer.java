package dev.keyless.sealing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Self-contained authenticated encryption for tokens: any node holding
 * the sealing keys opens a token with no lookup.
 *
 * <p>Layout before base64: {@code version (1) || keyId (4, big-endian) || nonce (12) ||
 * ciphertext || tag (16)}. The header and the purpose name are the GCM additional data, so a
 * changed key id, version or purpose fails authentication. AES-256-GCM with a random 96-bit nonce
 * (NIST SP 800-38D §8.2.2; keys are rotated long before 2^32 tokens).
 *
 * <p>Thread safety: {@link Cipher} objects are not thread-safe, so each call creates its own —
 * no shared lock, no thread-local.
 */
public final class TokenSealer {

    static final byte VERSION = 1;
    static final int HEADER_BYTES = 1 + 4 + 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /**
     * Resolved once: {@code Cipher.getInstance(String)} walks the provider list on every call and
     * was most of the sealing cost per request in the JFR profile (bench/RESULTS.md). A Provider
     * is immutable; each call still gets its own Cipher.
     */
    private static final Provider PROVIDER = provider();

    private final SealingKeyRing keys;
    private final SecureRandom random;

    public TokenSealer(SealingKeyRing keys, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
    }

    private static Provider provider() {
        try {
            return Cipher.getInstance(TRANSFORMATION).getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public String seal(TokenPurpose purpose, byte[] plaintext) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(plaintext, "plaintext");
        SealingKey key = keys.activeKey();
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(VERSION).putInt(key.id()).put(nonce).array();
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, PROVIDER);
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(purpose, header));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] token = ByteBuffer.allocate(HEADER_BYTES + sealed.length).put(header).put(sealed).array();
            return purpose.encoder().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Empty when the token is forged, truncated, of another purpose, or sealed by an unknown key. */
    public Optional<byte[]> unseal(TokenPurpose purpose, String token) {
        Objects.requireNonNull(purpose, "purpose");
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = purpose.decoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (raw.length < HEADER_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
            return Optional.empty();
        }
        int keyId = ByteBuffer.wrap(raw, 1, 4).getInt();
        return keys.find(keyId).flatMap(key -> open(key, purpose, raw));
    }

    private static Optional<byte[]> open(SealingKey key, TokenPurpose purpose, byte[] raw) {
        byte[] header = java.util.Arrays.copyOf(raw, HEADER_BYTES);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, PROVIDER);
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, raw, 5, 12));
            cipher.updateAAD(aad(purpose, header));
            return Optional.of(cipher.doFinal(raw, HEADER_BYTES, raw.length - HEADER_BYTES));
        } catch (AEADBadTagException forged) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static byte[] aad(TokenPurpose purpose, byte[] header) {
        byte[] name = purpose.name().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(header.length + name.length).put(header).put(name).array();
    }
}
