package dev.keyless.gcp.iam;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything sealed into a federated access token ({@code ya29.} + sealed value): enough for any
 * node to answer {@code generateAccessToken} and {@code /v1/introspect} without shared state
 * (the token is self-contained).
 *
 * @param attributes        keyed {@code attribute.NAME}
 * @param originalIssuer    {@code iss} of the subject token
 * @param subjectJtiHash    SHA-256 hash prefix of the subject token's {@code jti} (never the token)
 */
public record FederatedToken(long projectNumber, String poolId, String providerId, String subject,
                             String principal, List<String> principalSets, Map<String, String> attributes,
                             Instant issuedAt, Instant expiresAt, List<String> scopes,
                             String originalIssuer, String subjectJtiHash) {

    public FederatedToken {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(principal, "principal");
        principalSets = List.copyOf(principalSets);
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(originalIssuer, "originalIssuer");
        Objects.requireNonNull(subjectJtiHash, "subjectJtiHash");
    }

    public WorkloadPool pool() {
        return new WorkloadPool(projectNumber, poolId);
    }

    /** The principals this token stands for, as sealed at exchange time. */
    public Principals principals() {
        return new Principals(principal, principalSets);
    }

    /** {@code projects/N/locations/global/workloadIdentityPools/P/providers/X}. */
    public String providerResourceName() {
        return pool().resourceName() + "/providers/" + providerId;
    }
}
