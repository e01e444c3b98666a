package dev.keyless.audit;

/** How a request ended: granted, refused by a rule, or failed on our side (5xx). */
public enum AuditDecision {
    ALLOW,
    DENY,
    ERROR
}
