package dev.keyless.gcp.sts;

import dev.keyless.redaction.Fingerprints;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code POST /v1/token} request (Google STS API, token).
 *
 * @param subjectToken the JWT, trimmed; {@link #toString()} shows only a SHA-256 prefix
 * @param scopes       space-separated {@code scope}, any values accepted (may be empty)
 * @param options      the {@code options} JSON object text, decoded once more when a Python
 *                     client double-encoded it
 */
public record TokenExchangeRequest(ProviderAudience audience, String subjectToken, String subjectTokenType,
                                   String requestedTokenType, List<String> scopes, Optional<String> options) {

    public TokenExchangeRequest {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(subjectToken, "subjectToken");
        Objects.requireNonNull(subjectTokenType, "subjectTokenType");
        Objects.requireNonNull(requestedTokenType, "requestedTokenType");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String toString() {
        return "TokenExchangeRequest[audience=" + audience.fullName() + ", subjectToken="
                + Fingerprints.of(subjectToken) + ", subjectTokenType=" + subjectTokenType + ", scopes=" + scopes + "]";
    }

}
