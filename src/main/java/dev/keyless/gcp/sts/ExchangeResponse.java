package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.redaction.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The STS success body (Google STS API, token: ExchangeTokenResponse):
 * {@code {"access_token","issued_token_type","token_type":"Bearer","expires_in":<number>}}.
 * {@code expires_in} must be a JSON number (google-auth-library-java's {@code validateLong} rejects a string).
 */
public record ExchangeResponse(String accessToken, long expiresIn) {

    static final Duration DEFAULT_SESSION = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    public ExchangeResponse {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /**
     * {@code min(subject token remaining life, pool sessionDuration or 1 h)}, in whole seconds and
     * never negative (IAM API, {@code WorkloadIdentityPool.sessionDuration}).
     */
    public static long expiresIn(Instant now, Instant subjectTokenExpiry, Optional<Duration> poolSessionDuration) {
        long remaining = Duration.between(now, subjectTokenExpiry).toSeconds();
        long cap = poolSessionDuration.orElse(DEFAULT_SESSION).toSeconds();
        return Math.max(0, Math.min(remaining, cap));
    }

    public byte[] toJson() {
        return JSON.createObjectNode().put("access_token", accessToken)
                .put("issued_token_type", TokenExchangeRequestParser.ACCESS_TOKEN_TYPE)
                .put("token_type", "Bearer").put("expires_in", expiresIn)
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ExchangeResponse[accessToken=" + Fingerprints.of(accessToken)
                + ", expiresIn=" + expiresIn + "]";
    }
}
