package dev.keyless.aws.sts.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.audit.AuditDecision;
import dev.keyless.audit.AuditEvent;
import dev.keyless.audit.AuditKind;
import dev.keyless.aws.sts.GetCallerIdentityParams;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.http.HttpCall;
import java.time.Instant;
import java.util.Optional;

/**
 * The audit event of one STS call, begun with what every call has: who asked, for which action,
 * and what the caller saw ({@code OK}, or the wire code and message). Never the token or a secret.
 */
final class StsAuditEvents {
    private StsAuditEvents() {
    }

    static AuditEvent.Builder of(HttpCall call, Instant at, String action, Optional<StsFailure> failure) {
        AuditKind kind = GetCallerIdentityParams.ACTION.equals(action) ? AuditKind.AWS_GET_CALLER_IDENTITY
                : AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY;
        return AuditEvent.builder(at, call.context().requestId(), kind, failure.map(f -> decision(f)).orElse(AuditDecision.ALLOW))
                .reason(failure.map(f -> f.error().code()).orElse("OK")).message(failure.map(StsFailure::message).orElse(""))
                .clientAddress(call.context().clientAddress()).userAgent(call.context().userAgent());
    }

    /** For refusals decided before any policy ran: the check and its detail, as a small JSON object. */
    static ObjectNode check(String check, String detail) {
        return JsonNodeFactory.instance.objectNode().put("check", check).put("detail", detail);
    }

    /** Refusals of the caller are DENY; malformed requests and our own faults are ERROR. */
    private static AuditDecision decision(StsFailure failure) {
        return switch (failure.error()) {
            case INVALID_IDENTITY_TOKEN, EXPIRED_TOKEN_EXCEPTION, IDP_REJECTED_CLAIM, ACCESS_DENIED,
                    SIGNATURE_DOES_NOT_MATCH, INVALID_CLIENT_TOKEN_ID, EXPIRED_TOKEN, INCOMPLETE_SIGNATURE,
                    MISSING_AUTHENTICATION_TOKEN -> AuditDecision.DENY;
            default -> AuditDecision.ERROR;
        };
    }
}
