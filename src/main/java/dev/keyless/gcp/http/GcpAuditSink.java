package dev.keyless.gcp.http;

import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditLog;
import dev.keyless.gcp.federation.GcpOutcome;
import dev.keyless.http.RequestContext;
import java.time.Clock;

/** Where GCP outcomes go before the reply is written; {@link #auditLog} commits them first. */
@FunctionalInterface
public interface GcpAuditSink {
    void record(GcpOutcome outcome, RequestContext context);

    /** Blocks until the event is committed; throws when it cannot be, so nothing leaves unrecorded. */
    static GcpAuditSink auditLog(AuditLog log, Clock clock) {
        return (o, c) -> log.appendAndWait(event(o, c, clock));
    }

    static AuditEvent event(GcpOutcome o, RequestContext c, Clock clock) {
        AuditKind kind = switch (o.endpoint()) {
            case TOKEN -> AuditKind.GCP_TOKEN_EXCHANGE;
            case INTROSPECT, TOKENINFO -> AuditKind.GCP_INTROSPECT;
            case GENERATE_ACCESS_TOKEN -> AuditKind.GCP_GENERATE_ACCESS_TOKEN;
            case GENERATE_ID_TOKEN -> AuditKind.GCP_GENERATE_ID_TOKEN;
        };
        AuditDecision decision = switch (o.decision()) {
            case ALLOW -> AuditDecision.ALLOW;
            case DENY -> AuditDecision.DENY;
            case ERROR -> AuditDecision.ERROR;
        };
        return AuditEvent.builder(clock.instant(), c.requestId(), kind, decision)
                .reason(o.reason()).message(o.description()).explanation(o.explanationJson())
                .issuer(o.issuer().orElse(null)).subject(o.subject().orElse(null)).audience(o.audience().orElse(null))
                .role(o.serviceAccount().or(o::principal).orElse(null))
                .jti(o.jti().orElse(null)).tokenSha256(o.tokenSha256().orElse(null))
                .clientAddress(c.clientAddress()).userAgent(c.userAgent())
                .build();
    }
}
