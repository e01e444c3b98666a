package dev.keyless.audit;

import java.time.Instant;

/**
 * Filters of {@code keyless audit}; every set filter must match (AND).
 * Results come newest first. Build with {@link #all()} and the {@code with…} methods.
 *
 * @param deniedOnly only {@link AuditDecision#DENY} (the "why was I denied?" view)
 * @param since only events at or after this instant; null for no bound
 * @param requestId exact request id
 * @param requestIdPart request ids containing this, anywhere (what a person copied from a client's output or
 *     a log line: request ids are time-ordered, so their start is shared by requests of the same minute)
 * @param role exact AWS role ARN or GCP service account email
 * @param limit at most this many events (1 or more)
 */
public record AuditQuery(
        boolean deniedOnly,
        Instant since,
        String requestId,
        String requestIdPart,
        String role,
        String subject,
        AuditKind kind,
        int limit) {
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
    }

    /** No filter, the newest {@value #DEFAULT_LIMIT} events. */
    public static AuditQuery all() {
        return new AuditQuery(false, null, null, null, null, null, null, DEFAULT_LIMIT);
    }

    public AuditQuery withDeniedOnly(boolean value) {
        return new AuditQuery(value, since, requestId, requestIdPart, role, subject, kind, limit);
    }

    public AuditQuery withSince(Instant value) {
        return new AuditQuery(deniedOnly, value, requestId, requestIdPart, role, subject, kind, limit);
    }

    public AuditQuery withRequestId(String value) {
        return new AuditQuery(deniedOnly, since, value, requestIdPart, role, subject, kind, limit);
    }

    public AuditQuery withRequestIdPart(String value) {
        return new AuditQuery(deniedOnly, since, requestId, value, role, subject, kind, limit);
    }

    public AuditQuery withRole(String value) {
        return new AuditQuery(deniedOnly, since, requestId, requestIdPart, value, subject, kind, limit);
    }

    public AuditQuery withSubject(String value) {
        return new AuditQuery(deniedOnly, since, requestId, requestIdPart, role, value, kind, limit);
    }

    public AuditQuery withKind(AuditKind value) {
        return new AuditQuery(deniedOnly, since, requestId, requestIdPart, role, subject, value, limit);
    }

    public AuditQuery withLimit(int value) {
        return new AuditQuery(deniedOnly, since, requestId, requestIdPart, role, subject, kind, value);
    }
}
