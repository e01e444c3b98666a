package dev.keyless.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pure checks of the payload claims, run only after the signature verified (RFC 8725 §3.10). */
final class ClaimChecks {

    private ClaimChecks() {
    }

    /** Facts for error messages, read leniently: wrong types become null. */
    static TokenFacts facts(Map<String, Object> claims, long now) {
        return new TokenFacts(claims.get("iss") instanceof String s ? s : null, audiences(claims.get("aud")),
                asLong(claims.get("iat")), asLong(claims.get("exp")), asLong(claims.get("nbf")), now);
    }

    /**
     * exp and iat required and integer (STS API Reference, AssumeRoleWithWebIdentity: "timestamps must be integer or long
     * values"; §4: iat required), then exp, nbf, iat against the clock with the issuer's bounded
     * leeway, then the maximum age {@code now - iat} ("Token too old", IAM User Guide, OIDC identity providers).
     */
    static Outcome<VerifiedToken> check(Map<String, Object> claims, TrustedIssuer issuer, long now) {
        if (!claims.containsKey("exp")) {
            return Outcome.fail(RejectionReason.MISSING_EXP, "\"exp\" is missing");
        }
        if (!(claims.get("exp") instanceof Long exp)) {
            return Outcome.fail(RejectionReason.INVALID_TIME_CLAIM, "\"exp\" is not an integer");
        }
        if (!claims.containsKey("iat")) {
            return Outcome.fail(RejectionReason.MISSING_IAT, "\"iat\" is missing");
        }
        if (!(claims.get("iat") instanceof Long iat)) {
            return Outcome.fail(RejectionReason.INVALID_TIME_CLAIM, "\"iat\" is not an integer");
        }
        Object nbfValue = claims.get("nbf");
        if (nbfValue != null && !(nbfValue instanceof Long)) {
            return Outcome.fail(RejectionReason.INVALID_TIME_CLAIM, "\"nbf\" is not an integer");
        }
        Long nbf = (Long) nbfValue;
        long leeway = issuer.leeway().toSeconds();
        // RFC 7519 §4.1.4: the current time MUST be before exp; the leeway absorbs clock skew.
        if (now >= saturatedAdd(exp, leeway)) {
            return Outcome.fail(RejectionReason.EXPIRED, "expired at " + exp + ", now " + now);
        }
        if (nbf != null && saturatedAdd(now, leeway) < nbf) {
            return Outcome.fail(RejectionReason.NOT_YET_VALID, "not before " + nbf + ", now " + now);
        }
        if (iat > saturatedAdd(now, leeway)) {
            return Outcome.fail(RejectionReason.ISSUED_IN_FUTURE, "issued at " + iat + ", now " + now);
        }
        if (now - iat > issuer.maxTokenAge().toSeconds()) {
            return Outcome.fail(RejectionReason.TOO_OLD, "issued " + (now - iat) + " s ago, limit "
                    + issuer.maxTokenAge().toSeconds() + " s");
        }
        Object aud = claims.get("aud");
        if (aud != null && !(aud instanceof String) && !(aud instanceof List<?> l && l.stream().allMatch(String.class::isInstance))) {
            return Outcome.fail(RejectionReason.MALFORMED_PAYLOAD, "\"aud\" is neither a string nor an array of strings");
        }
        return Outcome.ok(new VerifiedToken(issuer.issuer(), stringOrNull(claims.get("sub")), audiences(aud),
                aud instanceof List<?>, stringOrNull(claims.get("jti")), instant(iat), instant(exp),
                Optional.ofNullable(nbf).map(ClaimChecks::instant), claims));
    }

    private static List<String> audiences(Object aud) {
        if (aud instanceof String s) {
            return List.of(s);
        }
        if (aud instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static Instant instant(long epochSecond) {
        // Instant's range is ±31,556,889,864,403,199 s; clamp absurd values instead of throwing.
        return Instant.ofEpochSecond(Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), epochSecond)));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    private static Long asLong(Object value) {
        return value instanceof Long l ? l : null;
    }

    private static String stringOrNull(Object value) {
        return value instanceof String s ? s : null;
    }
}
