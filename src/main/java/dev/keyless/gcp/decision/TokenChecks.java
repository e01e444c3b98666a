package dev.keyless.gcp.decision;

import static dev.keyless.gcp.decision.CheckName.FORMAT;
import static dev.keyless.gcp.decision.CheckName.ISSUER;
import static dev.keyless.gcp.decision.CheckName.SIGNATURE;
import static dev.keyless.gcp.decision.CheckName.TIMES;

import dev.keyless.gcp.decision.GcpDirectory.ProviderEntry;
import dev.keyless.gcp.sts.OAuthError;
import dev.keyless.gcp.sts.StsError;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The token half of a decision — format, issuer, signature, times — from what verification found
 * (or from claims a test case gives). Returns the claims when the later checks can read them.
 */
final class TokenChecks {

    private TokenChecks() {
    }

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

    static Optional<Claims> run(DecisionRun run, ProviderEntry entry, TokenEvidence evidence, Instant now) {
        String issuerUri = entry.provider().issuerUri();
        Optional<TrustedIssuer> trusted = entry.issuers().find(issuerUri);
        String expectIssuer = "issuerUri " + issuerUri + " of the provider";
        return switch (evidence) {
            case TokenEvidence.Unverified u -> throw new IllegalArgumentException(
                    "the token must be verified against an enabled provider's issuer before deciding");
            case TokenEvidence.Verified v -> {
                VerifiedToken t = v.verification().token();
                run.pass(ISSUER, expectIssuer, "iss " + t.issuer());
                run.pass(SIGNATURE, signature(trusted), "verified with key kid=" + v.verification().keyId());
                run.pass(TIMES, times(trusted), "iat " + t.issuedAt() + t.notBefore().map(n -> ", nbf " + n).orElse("")
                        + ", exp " + t.expiresAt() + " (in " + Duration.between(now, t.expiresAt()).toSeconds()
                        + " s), now " + now);
                yield Optional.of(Claims.of(t));
            }
            case TokenEvidence.Rejected r -> rejected(run, r, expectIssuer, issuerUri, trusted);
            case TokenEvidence.Asserted a -> asserted(run, a.claims(), expectIssuer, issuerUri, trusted, now);
        };
    }

    private static Optional<Claims> rejected(DecisionRun run, TokenEvidence.Rejected evidence, String expectIssuer,
                                             String issuerUri, Optional<TrustedIssuer> trusted) {
        Verification.Rejected r = evidence.rejection();
        OAuthError error = StsError.of(r, issuerUri);
        String why = r.reason() + ": " + r.detail();
        switch (r.reason()) {
            case NOT_COMPACT_JWS, TOO_LARGE, MALFORMED_HEADER, MALFORMED_PAYLOAD -> {
                run.fail(FORMAT, FORMAT.expectation(), why, error, r.detail());
                return Optional.empty();
            }
            case UNKNOWN_ISSUER -> {
                run.fail(ISSUER, expectIssuer, "iss " + r.facts().issuer() + " (" + r.detail() + ")", error, r.detail());
                return Optional.empty();
            }
            case ALG_NOT_ALLOWED, TYP_NOT_ALLOWED, UNKNOWN_CRITICAL_HEADER, MISSING_KID, UNKNOWN_KID, KEYS_UNAVAILABLE,
                 BAD_SIGNATURE -> {
                run.pass(ISSUER, expectIssuer, "iss " + r.facts().issuer());
                run.fail(SIGNATURE, signature(trusted), why, error, r.detail());
                return Optional.empty();
            }
            default -> { // the times, checked after the signature verified
                run.pass(ISSUER, expectIssuer, "iss " + r.facts().issuer());
                run.pass(SIGNATURE, signature(trusted), "verified");
                run.fail(TIMES, times(trusted), timeFailure(r), error, r.detail());
                return evidence.inWindow().map(Claims::of);
            }
        }
    }

    /** A test case's claims: nothing is signed; iss and the times are checked when given. */
    private static Optional<Claims> asserted(DecisionRun run, Map<String, Object> claims, String expectIssuer,
                                             String issuerUri, Optional<TrustedIssuer> trusted, Instant now) {
        Object iss = claims.get("iss");
        if (iss == null) {
            run.notChecked(ISSUER, expectIssuer, "no iss in the claims given");
        } else if (!issuerUri.equals(String.valueOf(iss))) {
            run.fail(ISSUER, expectIssuer, "iss " + iss, StsError.ISSUER_MISMATCH.with(iss, issuerUri),
                    "iss " + iss + " is not the provider's issuerUri");
            return Optional.empty();
        } else {
            run.pass(ISSUER, expectIssuer, "iss " + iss);
        }
        run.notChecked(SIGNATURE, signature(trusted), "claims given: there is no signature to check");
        Optional<Long> exp = Claims.epoch(claims.get("exp"));
        Optional<Long> nbf = Claims.epoch(claims.get("nbf"));
        long leeway = trusted.map(TrustedIssuer::leeway).orElse(TrustedIssuer.DEFAULT_LEEWAY).toSeconds();
        long at = now.getEpochSecond();
        if (exp.isEmpty() && nbf.isEmpty()) {
            run.notChecked(TIMES, times(trusted), "no exp or nbf in the claims given");
        } else if (exp.isPresent() && at >= exp.get() + leeway || nbf.isPresent() && nbf.get() > at + leeway) {
            String actual = exp.isPresent() && at >= exp.get() + leeway ? "expired " + (at - exp.get()) + " s ago"
                    : "not valid for another " + (nbf.orElseThrow() - at) + " s";
            run.fail(TIMES, times(trusted), actual + " (now " + now + ")",
                    StsError.STALE_TOKEN.with(Claims.epoch(claims.get("iat")).orElse(null)), actual);
            return Optional.empty();
        } else {
            run.pass(TIMES, times(trusted), exp.map(e -> "exp " + Instant.ofEpochSecond(e) + ", ").orElse("")
                    + "now " + now);
        }
        return Optional.of(Claims.asserted(claims));
    }

    private static String signature(Optional<TrustedIssuer> trusted) {
        return trusted.map(i -> "alg in " + new TreeSet<>(i.allowedAlgorithms()) + ", signed by a key of " + i.issuer()
                + (i.requireKid() ? " (kid required)" : "")).orElse(SIGNATURE.expectation());
    }

    private static String times(Optional<TrustedIssuer> trusted) {
        return trusted.map(i -> TIMES.expectation() + " (leeway " + i.leeway().toSeconds() + " s), age at most "
                + i.maxTokenAge().toSeconds() + " s").orElse(TIMES.expectation());
    }

    /** "expired N s ago" and the like, with the token's times. */
    private static String timeFailure(Verification.Rejected r) {
        TokenFacts f = r.facts();
        long now = f.now();
        String head = switch (r.reason()) {
            case EXPIRED -> "expired " + (now - f.exp()) + " s ago";
            case NOT_YET_VALID -> "not valid for another " + (f.nbf() - now) + " s";
            case ISSUED_IN_FUTURE -> "issued " + (f.iat() - now) + " s in the future";
            case TOO_OLD -> "issued " + (now - f.iat()) + " s ago, older than the maximum token age";
            default -> r.reason() + ": " + r.detail();
        };
        return head + " (" + instant("iat", f.iat()) + instant("nbf", f.nbf()) + instant("exp", f.exp())
                + "now " + Instant.ofEpochSecond(now) + ")";
    }

    private static String instant(String name, Long epoch) {
        return epoch == null ? "" : name + " " + Instant.ofEpochSecond(epoch) + ", ";
    }
}
