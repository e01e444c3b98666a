package dev.keyless.gcp.federation;

import dev.keyless.gcp.sts.IntrospectResponse;
import java.util.Objects;

/** The answer of {@code POST /v1/introspect} with its audit facts. */
public record Introspection(IntrospectResponse response, GcpOutcome outcome) {
    public Introspection {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(outcome, "outcome");
    }
}
