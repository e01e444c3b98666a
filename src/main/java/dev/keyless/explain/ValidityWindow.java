package dev.keyless.explain;

import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.JwksCache;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifierMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A token rejected only for its times (expired, not yet valid, too old) verified again with a clock
 * set inside its validity window, so its signature is still checked and the later checks can run
 * on its claims: people debug a denial after the token expired. The decision stays the refusal.
 */
final class ValidityWindow {
    /** Rejections that happen after the signature verified and that a different clock would pass. */
    private static final Set<RejectionReason> TIME = Set.of(RejectionReason.EXPIRED, RejectionReason.NOT_YET_VALID,
            RejectionReason.ISSUED_IN_FUTURE, RejectionReason.TOO_OLD);

    private final JwksCache keys;

    ValidityWindow(JwksCache keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The token verified again at an instant inside its validity window, when only its times failed. */
    Optional<Verification.Verified> atValidTime(String token, IssuerLookup issuers, Verification.Rejected rejected) {
        TokenFacts facts = rejected.facts();
        if (!TIME.contains(rejected.reason()) || facts.iat() == null) {
            return Optional.empty();
        }
        Instant at = Instant.ofEpochSecond(Math.max(facts.iat(), facts.nbf() == null ? facts.iat() : facts.nbf()));
        return Optional.of(new TokenVerifier(keys, Clock.fixed(at, ZoneOffset.UTC), VerifierMetrics.unregistered())
                .verify(token, issuers)).filter(Verification.Verified.class::isInstance)
                .map(Verification.Verified.class::cast);
    }
}
