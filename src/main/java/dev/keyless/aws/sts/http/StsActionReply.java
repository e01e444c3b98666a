package dev.keyless.aws.sts.http;

import dev.keyless.audit.AuditEvent;
import java.util.Objects;

/** One action's answer: the HTTP status and XML the caller gets, and the event the audit log gets. */
public record StsActionReply(int status, String xml, AuditEvent event) {
    public StsActionReply {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(event, "event");
    }
}
