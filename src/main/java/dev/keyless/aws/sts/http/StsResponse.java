package dev.keyless.aws.sts.http;

import java.util.Objects;

/** One action's answer: the HTTP status and XML the caller gets, and the outcome the audit log gets. */
public record StsResponse(int status, String xml, StsOutcome outcome) {
    public StsResponse {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(outcome, "outcome");
    }
}
