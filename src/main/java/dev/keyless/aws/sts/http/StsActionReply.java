package dev.keyless.aws.sts.http;

import java.util.Objects;

/** One action's answer: the HTTP status and XML the caller gets, and the outcome the audit log gets. */
public record StsActionReply(int status, String xml, StsOutcome outcome) {
    public StsActionReply {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(outcome, "outcome");
    }
}
