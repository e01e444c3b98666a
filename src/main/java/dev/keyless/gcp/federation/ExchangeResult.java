package dev.keyless.gcp.federation;

import dev.keyless.gcp.sts.ExchangeResponse;
import java.util.Objects;

/** The result of {@code POST /v1/token}: an access token, or the refusal of {@link Evaluation}. */
public sealed interface ExchangeResult permits ExchangeResult.Issued, Evaluation.Refused {

    GcpOutcome outcome();

    record Issued(ExchangeResponse response, GcpOutcome outcome) implements ExchangeResult {
        public Issued {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
