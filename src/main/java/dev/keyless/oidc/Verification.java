package dev.keyless.oidc;

import java.util.Objects;

/**
 * Outcome of verifying a foreign ID token. Ordinary rejections are values, not exceptions,
 * so the STS layers can map every reason to the cloud's exact wire error.
 */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /** The token's signature, issuer and time claims all checked out; audience is the caller's. */
    record Verified(VerifiedToken token, TrustedIssuer issuer, String keyId) implements Verification {
        public Verified {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(issuer, "issuer");
        }
    }

    /**
     * A typed rejection. {@code detail} is for the audit log and {@code keyless explain} (never the
     * token text); {@code facts} carries what the wire messages need (iss, iat, exp, now).
     */
    record Rejected(RejectionReason reason, String detail, TokenFacts facts) implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(facts, "facts");
        }
    }
}
