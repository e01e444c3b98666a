package dev.keyless.explain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.JwksCache;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifierMetrics;
import dev.keyless.oidc.VerifiedToken;
import dev.keyless.json.UntrustedJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The token half of an exchange (issuer, signature, times) through the server's own
 * {@link TokenVerifier}. A token rejected only for its times (expired, not yet valid, too old) is
 * verified again with a clock set inside its validity window, so its signature is still checked and
 * the remaining checks can run on its claims: people debug a denial after the token expired.
 */
final class TokenStage {
    /** Rejections that happen after the signature verified and that a different clock would pass. */
    private static final Set<RejectionReason> TIME = Set.of(RejectionReason.EXPIRED, RejectionReason.NOT_YET_VALID,
            RejectionReason.ISSUED_IN_FUTURE, RejectionReason.TOO_OLD);
    private static final Set<RejectionReason> TIME_CLAIMS = Set.of(RejectionReason.MISSING_EXP,
            RejectionReason.MISSING_IAT, RejectionReason.INVALID_TIME_CLAIM);
    private static final Set<RejectionReason> FORMAT = Set.of(RejectionReason.NOT_COMPACT_JWS,
            RejectionReason.TOO_LARGE, RejectionReason.MALFORMED_HEADER, RejectionReason.MALFORMED_PAYLOAD);
    private static final Set<RejectionReason> NO_ISSUER = Set.of(RejectionReason.UNKNOWN_ISSUER);

    /**
     * @param verified   the token when its signature verified (possibly at {@code verifiedAt})
     * @param verifiedAt the instant used instead of now when only the times failed
     */
    record Result(List<Check> checks, Optional<Verification.Verified> verified, Optional<Instant> verifiedAt) {
    }

    private final TokenVerifier verifier;
    private final JwksCache keys;
    private final Clock clock;

    TokenStage(TokenVerifier verifier, JwksCache keys, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Result run(String token, IssuerLookup issuers, String expectedIssuer) {
        List<Check> checks = new ArrayList<>();
        Verification verification = verifier.verify(token, issuers);
        if (verification instanceof Verification.Verified ok) {
            checks.add(Check.pass("issuer", expectedIssuer, "iss " + ok.token().issuer()));
            checks.add(signature(token, ok));
            checks.add(Check.pass("times", expectedTimes(ok.issuer()), times(ok.token(), ok.issuer())));
            return new Result(checks, Optional.of(ok), Optional.empty());
        }
        Verification.Rejected rejected = (Verification.Rejected) verification;
        TokenFacts facts = rejected.facts();
        String why = rejected.reason() + ": " + rejected.detail();
        if (FORMAT.contains(rejected.reason()) && facts.issuer() == null) {
            checks.add(Check.fail("format", "a compact JWS (RFC 7515 §7.1) with a JSON object payload", why));
            return stopped(checks, "issuer", expectedIssuer);
        }
        if (NO_ISSUER.contains(rejected.reason())) {
            checks.add(Check.fail("issuer", expectedIssuer, "iss " + facts.issuer() + " (" + rejected.detail() + ")"));
            return stopped(checks, "signature", "a signature by a key of the issuer");
        }
        checks.add(Check.pass("issuer", expectedIssuer, "iss " + facts.issuer()));
        TrustedIssuer trusted = issuers.find(facts.issuer()).orElseThrow();
        if (!TIME.contains(rejected.reason()) && !TIME_CLAIMS.contains(rejected.reason())) {
            checks.add(Check.fail("signature", expectedSignature(trusted), headerText(token) + ": " + why));
            return stopped(checks, "times", expectedTimes(trusted));
        }
        return afterTimeFailure(token, issuers, trusted, rejected, checks);
    }

    /** The signature verified (times are checked after it); verify again inside the validity window. */
    private Result afterTimeFailure(String token, IssuerLookup issuers, TrustedIssuer trusted,
            Verification.Rejected rejected, List<Check> checks) {
        Optional<Instant> at = validInstant(rejected);
        Optional<Verification.Verified> again = atValidTime(token, issuers, rejected);
        checks.add(again.map(v -> signature(token, v)).orElseGet(() -> Check.pass("signature", expectedSignature(trusted),
                headerText(token) + " verified")));
        checks.add(Check.fail("times", expectedTimes(trusted), timeFailure(rejected, trusted)));
        return new Result(checks, again, again.isPresent() ? at : Optional.empty());
    }

    /** An instant inside the token's validity window, when only its times failed. */
    private static Optional<Instant> validInstant(Verification.Rejected rejected) {
        TokenFacts facts = rejected.facts();
        return TIME.contains(rejected.reason()) && facts.iat() != null
                ? Optional.of(Instant.ofEpochSecond(Math.max(facts.iat(), facts.nbf() == null ? facts.iat() : facts.nbf())))
                : Optional.empty();
    }

    /** The token verified again at {@link #validInstant}: its signature still checked, its claims usable. */
    Optional<Verification.Verified> atValidTime(String token, IssuerLookup issuers, Verification.Rejected rejected) {
        return validInstant(rejected).map(t -> new TokenVerifier(keys, Clock.fixed(t, ZoneOffset.UTC),
                VerifierMetrics.unregistered()).verify(token, issuers))
                .filter(Verification.Verified.class::isInstance).map(Verification.Verified.class::cast);
    }

    private static Result stopped(List<Check> checks, String next, String expected) {
        checks.add(Check.notReached(next, expected));
        return new Result(checks, Optional.empty(), Optional.empty());
    }

    private Check signature(String token, Verification.Verified ok) {
        return Check.pass("signature", expectedSignature(ok.issuer()),
                "alg " + algorithm(token) + " verified with key kid=" + ok.keyId());
    }

    private static String expectedSignature(TrustedIssuer issuer) {
        return "alg in " + new java.util.TreeSet<>(issuer.allowedAlgorithms()) + ", signed by a key of " + issuer.issuer()
                + (issuer.requireKid() ? " (kid required)" : "");
    }

    private static String expectedTimes(TrustedIssuer issuer) {
        return "iat and nbf not after now, now before exp (leeway " + issuer.leeway().toSeconds()
                + " s), age at most " + issuer.maxTokenAge().toSeconds() + " s";
    }

    private String times(VerifiedToken t, TrustedIssuer issuer) {
        long now = clock.instant().getEpochSecond();
        return "iat " + t.issuedAt() + " (" + ago(now - t.issuedAt().getEpochSecond()) + ")"
                + t.notBefore().map(n -> ", nbf " + n).orElse("") + ", exp " + t.expiresAt() + " (in "
                + (t.expiresAt().getEpochSecond() - now) + " s), now " + Instant.ofEpochSecond(now)
                + ", leeway " + issuer.leeway().toSeconds() + " s";
    }

    /** "expired N s ago" etc., measured from now, as the user sees the clock. */
    private String timeFailure(Verification.Rejected rejected, TrustedIssuer issuer) {
        TokenFacts f = rejected.facts();
        long now = clock.instant().getEpochSecond();
        String head = switch (rejected.reason()) {
            case EXPIRED -> "expired " + (now - f.exp()) + " s ago";
            case NOT_YET_VALID -> "not valid for another " + (f.nbf() - now) + " s";
            case ISSUED_IN_FUTURE -> "issued " + (f.iat() - now) + " s in the future";
            case TOO_OLD -> "issued " + (now - f.iat()) + " s ago, older than " + issuer.maxTokenAge().toSeconds() + " s";
            default -> rejected.reason() + ": " + rejected.detail();
        };
        return head + " (" + instant("iat", f.iat()) + instant("nbf", f.nbf()) + instant("exp", f.exp())
                + "now " + Instant.ofEpochSecond(now) + ", leeway " + issuer.leeway().toSeconds() + " s)";
    }

    private static String instant(String name, Long epoch) {
        return epoch == null ? "" : name + " " + Instant.ofEpochSecond(epoch) + ", ";
    }

    private static String ago(long seconds) {
        return seconds >= 0 ? seconds + " s ago" : Duration.ofSeconds(-seconds).toSeconds() + " s in the future";
    }

    /** alg and kid from the (unverified) header, for display only. */
    static String headerText(String token) {
        return header(token).map(h -> "alg " + h.path("alg").asText("?")
                + (h.hasNonNull("kid") ? ", kid " + h.get("kid").asText() : "")).orElse("header unreadable");
    }

    private static String algorithm(String token) {
        return header(token).map(h -> h.path("alg").asText("?")).orElse("?");
    }

    private static Optional<JsonNode> header(String token) {
        try {
            String b64 = token.strip().split("\\.", -1)[0];
            return Optional.of(UntrustedJson.read(new String(Base64.getUrlDecoder().decode(b64),
                    StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
