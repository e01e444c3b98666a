package dev.keyless.gcp.decision;

import dev.keyless.gcp.sts.ProviderAudience;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is asked: a token exchange through the provider {@code audience} names, with the scopes
 * the access token will carry (the STS parser has already checked grant and token types), then —
 * when {@code serviceAccount} is given — {@code generateAccessToken} on that account.
 */
public record DecisionRequest(ProviderAudience audience, List<String> scopes, Optional<String> serviceAccount) {
    public DecisionRequest {
        Objects.requireNonNull(audience, "audience");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(serviceAccount, "serviceAccount");
    }
}
