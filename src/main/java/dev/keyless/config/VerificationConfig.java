package dev.keyless.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How foreign tokens are verified ({@code dev.keyless.oidc}). {@code leeway} is the clock skew allowed
 * on {@code exp}/{@code nbf}/{@code iat} (GCP allows about 60 s, Google STS API, token);
 * {@code maxTokenAge} bounds {@code now - iat}; JWKS documents are cached for {@code jwksCacheTtl},
 * an unknown {@code kid} triggers at most one refetch per {@code jwksRefetchCooldown}, and each fetch
 * gives up after {@code jwksFetchTimeout}.
 */
public record VerificationConfig(Duration leeway, Duration maxTokenAge, Duration jwksCacheTtl,
        Duration jwksRefetchCooldown, Duration jwksFetchTimeout) {

    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_TOKEN_AGE = Duration.ofHours(24);
    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_JWKS_REFETCH_COOLDOWN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_FETCH_TIMEOUT = Duration.ofSeconds(5);

    public VerificationConfig {
        Objects.requireNonNull(leeway, "leeway");
        Objects.requireNonNull(maxTokenAge, "maxTokenAge");
        Objects.requireNonNull(jwksCacheTtl, "jwksCacheTtl");
        Objects.requireNonNull(jwksRefetchCooldown, "jwksRefetchCooldown");
        Objects.requireNonNull(jwksFetchTimeout, "jwksFetchTimeout");
    }

    public static VerificationConfig defaults() {
        return new VerificationConfig(DEFAULT_LEEWAY, DEFAULT_MAX_TOKEN_AGE, DEFAULT_JWKS_CACHE_TTL,
                DEFAULT_JWKS_REFETCH_COOLDOWN, DEFAULT_JWKS_FETCH_TIMEOUT);
    }
}
