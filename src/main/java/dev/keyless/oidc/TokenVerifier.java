package dev.keyless.oidc;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a foreign ID token in the order of {@link RejectionReason}. The only order forced on us: to
 * choose keys we read {@code iss} from the still-unverified payload, so an unknown issuer and a
 * malformed payload are rejected before the signature; the claims are trusted only after it.
 * Audience rules are the caller's.
 */
public final class TokenVerifier {
    private final KeyVerifiers verifiers = new KeyVerifiers();

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

    private final JwksCache cache;
    private final Clock clock;
    private final VerifierMetrics metrics;

    public TokenVerifier(JwksCache cache, Clock clock, VerifierMetrics metrics) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Verification verify(String rawToken, IssuerLookup lookup) {
        Objects.requireNonNull(lookup, "lookup");
        long now = clock.instant().getEpochSecond();
        // Token files often end in a newline and clients send them raw (Google STS API, token).
        String token = rawToken == null ? "" : rawToken.strip();
        Outcome<ParsedJws> parsed = JwsSignatureLayer.parse(token);
        if (parsed instanceof Outcome.Fail<ParsedJws> f) {
            return reject(f, TokenFacts.none(now));
        }
        ParsedJws jws = ((Outcome.Ok<ParsedJws>) parsed).value();
        Optional<Map<String, Object>> payload = Json.utf8(jws.payload()).flatMap(Json::parseObject);
        if (payload.isEmpty()) {
            return reject(RejectionReason.MALFORMED_PAYLOAD, "payload is not a UTF-8 JSON object", TokenFacts.none(now));
        }
        TokenFacts facts = ClaimChecks.facts(payload.get(), now);
        if (facts.issuer() == null) {
            return reject(RejectionReason.UNKNOWN_ISSUER, "\"iss\" is missing or not a string", facts);
        }
        Optional<TrustedIssuer> issuer = lookup.find(facts.issuer());
        if (issuer.isEmpty() || !issuer.get().issuer().equals(facts.issuer())) {
            return reject(RejectionReason.UNKNOWN_ISSUER, "no trusted issuer " + JwsSignatureLayer.printable(facts.issuer()), facts);
        }
        return verifySigned(token, jws, payload.get(), issuer.get(), facts);
    }

    private Verification verifySigned(String token, ParsedJws jws, Map<String, Object> claims, TrustedIssuer issuer,
            TokenFacts facts) {
        Outcome<JWSHeader> header = JwsSignatureLayer.checkHeader(jws, issuer.allowedAlgorithms(), issuer.requireKid());
        if (header instanceof Outcome.Fail<JWSHeader> f) {
            return reject(f, facts);
        }
        JWSHeader h = ((Outcome.Ok<JWSHeader>) header).value();
        Outcome<JWK> key = checkSignature(jws, h, issuer, cache.keys(issuer));
        if (key instanceof Outcome.Fail<JWK> f && f.reason() == RejectionReason.UNKNOWN_KID) {
            key = checkSignature(jws, h, issuer, cache.refreshForUnknownKid(issuer));
        }
        if (key instanceof Outcome.Fail<JWK> f) {
            return reject(f, facts);
        }
        Outcome<VerifiedToken> checked = ClaimChecks.check(claims, issuer, facts.now());
        if (checked instanceof Outcome.Fail<VerifiedToken> f) {
            return reject(f, facts);
        }
        VerifiedToken verified = ((Outcome.Ok<VerifiedToken>) checked).value();
        metrics.verified(issuer.issuer());
        LOG.debug("verified iss={} jti={}", issuer.issuer(), verified.jti());
        return new Verification.Verified(verified, issuer, ((Outcome.Ok<JWK>) key).value().getKeyID());
    }

    private Outcome<JWK> checkSignature(ParsedJws jws, JWSHeader header, TrustedIssuer issuer, JwksCache.Keys keys) {
        return switch (keys) {
            case JwksCache.Keys.Unavailable u -> Outcome.fail(RejectionReason.KEYS_UNAVAILABLE,
                    "keys of " + issuer.issuer() + " unavailable: " + u.detail());
            case JwksCache.Keys.Available a -> JwsSignatureLayer.verify(jws, header, a.keys(), verifiers::of);
        };
    }

    private Verification reject(Outcome<?> failure, TokenFacts facts) {
        Outcome.Fail<?> f = (Outcome.Fail<?>) failure;
        return reject(f.reason(), f.detail(), facts);
    }

    private Verification reject(RejectionReason reason, String detail, TokenFacts facts) {
        metrics.rejected(reason);
        LOG.debug("rejected reason={} iss={}", reason, facts.issuer());
        return new Verification.Rejected(reason, detail, facts);
    }
}
