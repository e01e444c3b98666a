package dev.keyless.gcp.decision;

import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifiedToken;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about the subject token when the decision is made. Verifying is I/O (the
 * issuer's keys), so it happens before: the server and {@code keyless explain} verify with the
 * provider's {@link ProviderEntry#issuers()}; {@code keyless test} gives claims.
 */
public sealed interface TokenEvidence {

    /** The server's verification, as it came. */
    static TokenEvidence of(Verification verification) {
        return switch (verification) {
            case Verification.Verified v -> new Verified(v);
            case Verification.Rejected r -> new Rejected(r, Optional.empty());
        };
    }

    /** No enabled provider was found, so there was nothing to verify against. */
    record Unverified() implements TokenEvidence {
    }

    record Verified(Verification.Verified verification) implements TokenEvidence {
        public Verified {
            Objects.requireNonNull(verification, "verification");
        }
    }

    /**
     * @param inWindow for explanations only: when only the times failed, the same token verified at
     *                 an instant inside its validity window, so the later checks can still be shown
     */
    record Rejected(Verification.Rejected rejection, Optional<VerifiedToken> inWindow) implements TokenEvidence {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(inWindow, "inWindow");
        }
    }

    /**
     * Claims as a test case writes them: nothing is signed, so {@code iss}, {@code aud} and the
     * times ({@code exp}, {@code nbf}) are checked only when given.
     */
    record Asserted(Map<String, Object> claims) implements TokenEvidence {
        public Asserted {
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        }
    }
}
