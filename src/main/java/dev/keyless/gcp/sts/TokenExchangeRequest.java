package dev.keyless.gcp.sts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code POST /v1/token} request (reference/gcp-sts.md §1).
 *
 * @param subjectToken the JWT, trimmed; {@link #toString()} shows only a SHA-256 prefix
 * @param scopes       space-separated {@code scope}, any values accepted (may be empty)
 * @param options      the {@code options} JSON object text, decoded once more when a Python
 *                     client double-encoded it
 */
public record TokenExchangeRequest(Audience audience, String subjectToken, String subjectTokenType,
                                   String requestedTokenType, List<String> scopes, Optional<String> options) {

    public TokenExchangeRequest {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(subjectToken, "subjectToken");
        Objects.requireNonNull(subjectTokenType, "subjectTokenType");
        Objects.requireNonNull(requestedTokenType, "requestedTokenType");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String toString() {
        return "TokenExchangeRequest[audience=" + audience.fullName() + ", subjectToken=sha256:"
                + fingerprint(subjectToken) + ", subjectTokenType=" + subjectTokenType + ", scopes=" + scopes + "]";
    }

    static String fingerprint(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
