package dev.keyless.gcp.federation;

import dev.keyless.gcp.iam.FederatedToken;
import dev.keyless.gcp.sts.OAuthError;
import java.util.Objects;

/**
 * The decision of a token exchange before anything is sealed: what {@code keyless explain}
 * shows and what {@code /v1/token} then seals or refuses.
 */
public sealed interface Evaluation {

    GcpOutcome outcome();

    /** Every check passed; {@code token} is what the access token will carry. */
    record Admitted(FederatedToken token, long expiresIn, GcpOutcome outcome) implements Evaluation {
        public Admitted {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Refused with GCP's wire error; the outcome says which check and why. */
    record Refused(OAuthError error, GcpOutcome outcome) implements Evaluation, ExchangeResult {
        public Refused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
