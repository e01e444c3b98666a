package dev.keyless.gcp.decision;

import dev.keyless.oidc.VerifiedToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The claims the later checks read, from a verified token or as a test case gives them. */
record Claims(Map<String, Object> all, Optional<String> issuer, Optional<List<String>> audiences,
              Optional<Instant> expiresAt, Optional<String> jti) {

    static Claims of(VerifiedToken t) {
        return new Claims(t.claims(), Optional.of(t.issuer()), Optional.of(t.audiences()), Optional.of(t.expiresAt()),
                Optional.ofNullable(t.jti()));
    }

    static Claims asserted(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        Optional<List<String>> audiences = aud == null ? Optional.empty()
                : Optional.of(aud instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud)));
        return new Claims(claims, Optional.ofNullable(claims.get("iss")).map(String::valueOf), audiences,
                epoch(claims.get("exp")).map(Instant::ofEpochSecond), Optional.ofNullable(claims.get("jti")).map(String::valueOf));
    }

    static Optional<Long> epoch(Object value) {
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }
}
