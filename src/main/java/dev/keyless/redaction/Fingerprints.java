package dev.keyless.redaction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way Keyless names a secret without revealing it (log a hash prefix, never the
 * token): enough to correlate a log line, an audit row and a client's file, never enough to use.
 */
public final class Fingerprints {

    private Fingerprints() {}

    /**
     * First 16 hex digits of SHA-256 of the UTF-8 text: a token's identity in the audit log
     * ({@code token_sha256}) and in log lines, the same wherever it is computed.
     */
    public static String sha256Prefix(String value) {
        return HexFormat.of().formatHex(sha256(value), 0, 8);
    }

    /** {@code sha256:} and the first 12 hex digits: what {@code toString()} of a secret-holding type prints. */
    public static String of(String secret) {
        return "sha256:" + HexFormat.of().formatHex(sha256(secret), 0, 6);
    }

    /** All 64 hex digits of SHA-256 of the UTF-8 text: how a secret is stored to be checked later (a digest). */
    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    /** All 64 hex digits of SHA-256 of {@code bytes} (a file's version, a migration's checksum). */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /** SHA-256 of the UTF-8 text. */
    public static byte[] sha256(String value) {
        return digest(value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
