package dev.keyless.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A token whose signature, issuer and time claims were verified. Claims are plain JSON-like Java
 * values (String, Long, Double, Boolean, List, Map, null), deep-copied and unmodifiable.
 */
public record VerifiedToken(String issuer, String subject, List<String> audiences, boolean audienceWasArray,
        String jti, Instant issuedAt, Instant expiresAt, Optional<Instant> notBefore,
        Map<String, Object> claims) {

    public VerifiedToken {
        Objects.requireNonNull(issuer, "issuer");
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(claims, "claims");
    }

    @Override
    public String toString() {
        // Claims may carry personal data; the log identity of a token is its jti (callers add its hash prefix).
        return "VerifiedToken[iss=" + issuer + ", sub=" + subject + ", jti=" + jti + "]";
    }
}
