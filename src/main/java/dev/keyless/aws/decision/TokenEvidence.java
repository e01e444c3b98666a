package dev.keyless.aws.decision;

import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.TrustedIssuer;
import dev.keyless.oidc.Verification;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about the web identity token when the decision runs. Signature verification needs
 * the issuer's keys (a fetch), so it happens before the decision and arrives here as a value: the
 * decision itself stays free of I/O and its outcome depends on nothing but its inputs.
 */
public sealed interface TokenEvidence {

    /** The verifier's answer as evidence; {@code issuers} (a lookup, no I/O) names the expected issuer of a refusal. */
    static TokenEvidence of(Verification verification, IssuerLookup issuers) {
        return switch (verification) {
            case Verification.Verified ok -> new Verified(ok);
            case Verification.Rejected r -> new Rejected(r, r.facts().issuer() == null ? Optional.empty()
                    : issuers.find(r.facts().issuer()), Optional.empty());
        };
    }

    /** The verifier accepted the token (issuer, signature, times) against the role's account. */
    record Verified(Verification.Verified verification) implements TokenEvidence {
        public Verified {
            Objects.requireNonNull(verification, "verification");
        }
    }

    /**
     * The verifier refused it. {@code issuer} is the trusted issuer the token named, when there is
     * one (to say what was expected). {@code verifiedAtValidTime} is the same token verified at an
     * instant inside its validity window, when only its times failed: {@code keyless explain} then
     * shows the later checks too, while the decision stays the times refusal.
     */
    record Rejected(Verification.Rejected rejection, Optional<TrustedIssuer> issuer,
            Optional<Verification.Verified> verifiedAtValidTime) implements TokenEvidence {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(verifiedAtValidTime, "verifiedAtValidTime");
        }

        public Rejected(Verification.Rejected rejection) {
            this(rejection, Optional.empty(), Optional.empty());
        }
    }

    /**
     * Claims written in a {@code keyless test} case: taken as given, with no signature and no times.
     * Without {@code iss} the account's only provider is meant.
     */
    record Asserted(Map<String, Object> claims) implements TokenEvidence {
        public Asserted {
            claims = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
        }
    }
}
