package dev.keyless.aws.sts.http;

import dev.keyless.audit.AuditEvent;
import dev.keyless.aws.sts.StsFailure;
import java.util.Objects;

/** One action's answer, and the event the audit log gets before it is sent. Errors are rendered by {@link AwsErrorRenderer}. */
public sealed interface StsActionReply {
    AuditEvent event();

    /** HTTP 200 with the action's response document. */
    record Answered(String xml, AuditEvent event) implements StsActionReply {
        public Answered {
            Objects.requireNonNull(xml, "xml");
            Objects.requireNonNull(event, "event");
        }
    }

    record Refused(StsFailure failure, AuditEvent event) implements StsActionReply {
        public Refused {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(event, "event");
        }
    }
}
