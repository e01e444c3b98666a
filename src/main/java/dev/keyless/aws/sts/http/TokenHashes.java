package dev.keyless.aws.sts.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token's identity in logs and audit events, also for tokens that never verified: the first
 * 16 hex digits of SHA-256 of the (stripped) token text, the same form as
 * {@code VerifiedToken.sha256Prefix()} so both correlate.
 */
final class TokenHashes {
    private TokenHashes() {}

    static String sha256Prefix(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
