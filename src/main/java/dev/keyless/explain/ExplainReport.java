package dev.keyless.explain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.decision.Check;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole offline exchange: every check in server order, the decision and, when the exchange got
 * that far, the detailed trace (IAM policy explanation, or GCP mapping/condition/bindings) as text
 * and as JSON.
 *
 * @param exchange   e.g. {@code AssumeRoleWithWebIdentity arn:aws:iam::…:role/x}
 * @param reason     why denied (the first failed check) or why allowed
 */
public record ExplainReport(String exchange, List<Check<String>> checks, boolean allowed, String reason,
        Optional<String> detailText, Optional<JsonNode> detailJson) {

    public ExplainReport {
        Objects.requireNonNull(exchange, "exchange");
        checks = List.copyOf(checks);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detailText, "detailText");
        Objects.requireNonNull(detailJson, "detailJson");
    }

    /** Allowed only when every check passed: an expired token is explained, then denied. */
    static ExplainReport decide(String exchange, List<Check<String>> checks, String allowedReason, Optional<String> detailText,
            Optional<JsonNode> detailJson) {
        Optional<Check<String>> firstFailure = checks.stream().filter(Check::failed).findFirst();
        String reason = firstFailure.map(c -> c.name() + ": " + c.actual()).orElse(allowedReason);
        return new ExplainReport(exchange, checks, firstFailure.isEmpty(), reason, detailText, detailJson);
    }
}
