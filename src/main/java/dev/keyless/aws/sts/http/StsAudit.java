package dev.keyless.aws.sts.http;

import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.audit.AuditLog;
import java.util.Objects;
import java.util.function.Consumer;

/** Records every STS outcome in the audit log and waits for the commit before the reply leaves. */
public final class StsAudit implements Consumer<StsOutcome> {
    private final AuditLog log;

    public StsAudit(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void accept(StsOutcome o) {
        log.appendAndWait(event(o));
    }

    static AuditEvent event(StsOutcome o) {
        AuditKind kind = "GetCallerIdentity".equals(o.action()) ? AuditKind.AWS_GET_CALLER_IDENTITY
                : AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY;
        AuditDecision decision = switch (o.decision()) {
            case ALLOW -> AuditDecision.ALLOW;
            case DENY -> AuditDecision.DENY;
            case ERROR -> AuditDecision.ERROR;
        };
        return AuditEvent.builder(o.at(), o.requestId(), kind, decision)
                .reason(o.code()).message(o.message())
                .explanation(o.explanationJson().orElse(null))
                .issuer(o.issuer().orElse(null)).subject(o.subject().orElse(null)).audience(o.audience().orElse(null))
                .role(o.roleArn().orElse(null)).sessionName(o.sessionName().orElse(null))
                .jti(o.jti().orElse(null)).tokenSha256(o.tokenSha256Prefix().orElse(null))
                .clientAddress(o.clientAddress()).userAgent(o.userAgent())
                .build();
    }
}
