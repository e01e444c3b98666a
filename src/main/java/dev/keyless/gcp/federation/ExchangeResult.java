package dev.keyless.gcp.federation;

import dev.keyless.gcp.sts.ExchangeResponse;
import dev.keyless.gcp.sts.OAuthError;
import java.util.Objects;

/** The result of {@code POST /v1/token}: an access token, or Google's error; the outcome carries the decision. */
public sealed interface ExchangeResult {

    GcpOutcome outcome();

    record Issued(ExchangeResponse response, GcpOutcome outcome) implements ExchangeResult {
        public Issued {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    record Refused(OAuthError error, GcpOutcome outcome) implements ExchangeResult {
        public Refused {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
