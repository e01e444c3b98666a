package dev.keyless.oidc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A configured token issuer (an AWS IAM OIDC provider or a GCP pool provider) and its verification
 * rules. Invalid rules are configuration errors, so the constructor throws.
 */
public record TrustedIssuer(String issuer, KeySource keySource, Set<String> allowedAlgorithms,
        boolean requireKid, Duration leeway, Duration maxTokenAge, Optional<Path> pinnedCaFile) {

    /** Nimbus DEFAULT_MAX_CLOCK_SKEW_SECONDS and Vault clock_skew_leeway are 60 s. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);
    /** AWS's "Token too old" threshold is not documented; we use 24 h. */
    public static final Duration DEFAULT_MAX_TOKEN_AGE = Duration.ofHours(24);
    /** A leeway beyond this is no longer "bounded" (RFC 8725 §3.10; Vault's largest default is 150 s). */
    static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

    /** AWS: RS256/384/512 and ES256/384/512 (botocore STS model, STS API Reference, AssumeRoleWithWebIdentity). */
    public static final Set<String> AWS_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");
    /** GCP: RS256 or ES256, and {@code kid} required (IAM API, workload identity pool providers). */
    public static final Set<String> GCP_ALGORITHMS = Set.of("RS256", "ES256");

    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(keySource, "keySource");
        allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        Objects.requireNonNull(leeway, "leeway");
        Objects.requireNonNull(maxTokenAge, "maxTokenAge");
        Objects.requireNonNull(pinnedCaFile, "pinnedCaFile");
        if (issuer.isEmpty()) {
            throw new IllegalArgumentException("issuer must not be empty");
        }
        if (allowedAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("allowedAlgorithms must not be empty for " + issuer);
        }
        for (String alg : allowedAlgorithms) {
            if (!JwsSignatureLayer.SUPPORTED_ALGORITHMS.contains(alg)) {
                // Asymmetric algorithms only: none and HS* enable forgery (RFC 8725 §3.1, §3.2).
                throw new IllegalArgumentException("algorithm " + alg + " is not allowed for " + issuer
                        + "; allowed values: " + JwsSignatureLayer.SUPPORTED_ALGORITHMS);
            }
        }
        if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
            throw new IllegalArgumentException("leeway must be between 0 and " + MAX_LEEWAY + " for " + issuer);
        }
        if (maxTokenAge.isNegative() || maxTokenAge.isZero()) {
            throw new IllegalArgumentException("maxTokenAge must be positive for " + issuer);
        }
    }

    public static TrustedIssuer forAws(String issuer, KeySource keySource) {
        return new TrustedIssuer(issuer, keySource, AWS_ALGORITHMS, false, DEFAULT_LEEWAY,
                DEFAULT_MAX_TOKEN_AGE, Optional.empty());
    }

    public static TrustedIssuer forGcp(String issuer, KeySource keySource) {
        return new TrustedIssuer(issuer, keySource, GCP_ALGORITHMS, true, DEFAULT_LEEWAY,
                DEFAULT_MAX_TOKEN_AGE, Optional.empty());
    }

    public TrustedIssuer withLeeway(Duration newLeeway) {
        return new TrustedIssuer(issuer, keySource, allowedAlgorithms, requireKid, newLeeway, maxTokenAge, pinnedCaFile);
    }

    public TrustedIssuer withMaxTokenAge(Duration newMaxAge) {
        return new TrustedIssuer(issuer, keySource, allowedAlgorithms, requireKid, leeway, newMaxAge, pinnedCaFile);
    }

    public TrustedIssuer withPinnedCaFile(Path caFile) {
        return new TrustedIssuer(issuer, keySource, allowedAlgorithms, requireKid, leeway, maxTokenAge,
                Optional.of(caFile));
    }

    public TrustedIssuer withAllowedAlgorithms(Set<String> algorithms) {
        return new TrustedIssuer(issuer, keySource, algorithms, requireKid, leeway, maxTokenAge, pinnedCaFile);
    }
}
