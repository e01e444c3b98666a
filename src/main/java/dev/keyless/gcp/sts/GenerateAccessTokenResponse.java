package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyless.redaction.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * {@code {"accessToken":"ya29…","expireTime":"2025-07-02T12:34:56Z"}}: whole seconds and a
 * {@code Z}, because google-auth for Python ({@code strptime "%Y-%m-%dT%H:%M:%SZ"}) and Java
 * ({@code SimpleDateFormat "yyyy-MM-dd'T'HH:mm:ssX"}) fail on fractions (IAM Credentials API).
 */
public record GenerateAccessTokenResponse(String accessToken, Instant expireTime) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public GenerateAccessTokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        expireTime = Objects.requireNonNull(expireTime, "expireTime").truncatedTo(ChronoUnit.SECONDS);
    }

    public String expireTimeText() {
        return DateTimeFormatter.ISO_INSTANT.format(expireTime);
    }

    public byte[] toJson() {
        return JSON.createObjectNode().put("accessToken", accessToken).put("expireTime", expireTimeText())
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "GenerateAccessTokenResponse[accessToken=" + Fingerprints.of(accessToken)
                + ", expireTime=" + expireTimeText() + "]";
    }
}
