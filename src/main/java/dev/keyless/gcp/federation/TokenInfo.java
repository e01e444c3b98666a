package dev.keyless.gcp.federation;

import dev.keyless.gcp.iam.ServiceAccountToken;
import java.util.Objects;

/** A live service-account token and its remaining seconds, for {@code GET /tokeninfo}. */
public record TokenInfo(ServiceAccountToken token, long expiresIn) {
    public TokenInfo {
        Objects.requireNonNull(token, "token");
    }
}
