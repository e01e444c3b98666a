package dev.keyless.issuer;

import java.util.Map;

/** Outcome of {@link ClaimBuilder#build}. */
public sealed interface ClaimResult {
    /** Claims in GitLab's wire order; values are String, Long, List or null. */
    record Claims(Map<String, Object> claims, String jti, long expiresAt) implements ClaimResult {}

    /**
     * No token: {@code field} names the job input (e.g. {@code job.ref}) and {@code message} says why
     * (GitLab raises ArgumentError and mints nothing, GitLab docs, ID token authentication).
     */
    record Refused(String field, String message) implements ClaimResult {}
}
