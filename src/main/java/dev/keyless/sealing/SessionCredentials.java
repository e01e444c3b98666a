package dev.keyless.sealing;

import java.time.Instant;
import java.util.Objects;

/** The four {@code Credentials} children of an STS response (STS API Reference, AssumeRoleWithWebIdentity: all required). */
public record SessionCredentials(String accessKeyId, SecretAccessKey secret, SessionToken sessionToken,
        Instant expiration) {

    public SessionCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** {@code Expiration} as STS prints it, e.g. {@code 2025-03-01T13:00:00Z}. */
    public String expirationText() {
        return AwsTimestamps.expiration(expiration);
    }
}
