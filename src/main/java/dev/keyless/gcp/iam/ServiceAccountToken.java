package dev.keyless.gcp.iam;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything sealed into a service-account access token minted by {@code generateAccessToken}:
 * what {@code /tokeninfo} reports.
 *
 * @param delegatedFrom the {@code principal://} that impersonated the service account
 */
public record ServiceAccountToken(String email, String uniqueId, List<String> scopes, Instant issuedAt,
                                  Instant expiresAt, String delegatedFrom) {

    public ServiceAccountToken {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(uniqueId, "uniqueId");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(delegatedFrom, "delegatedFrom");
    }
}
