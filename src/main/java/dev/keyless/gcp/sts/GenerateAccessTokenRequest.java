package dev.keyless.gcp.sts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A parsed {@code :generateAccessToken} body (IAM Credentials API). */
public record GenerateAccessTokenRequest(List<String> scopes, Duration lifetime, List<String> delegates) {

    public GenerateAccessTokenRequest {
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(lifetime, "lifetime");
        delegates = List.copyOf(delegates);
    }
}
