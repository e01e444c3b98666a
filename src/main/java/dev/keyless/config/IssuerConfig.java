package dev.keyless.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code issuer:}. {@code url} is the {@code iss} (defaults to {@code server.publicUrl});
 * {@code defaultTtl} is used when the job gives no timeout (GitLab: 5 minutes;
 * GitLab docs, ID token authentication, {@code exp}); {@code rotationOverlap} is how long a retired key
 * stays published (defaults to {@code maxTtl}, so every token it signed expires first).
 */
public record IssuerConfig(URI url, Duration defaultTtl, Duration maxTtl, List<String> subClaimComponents,
        String signingAlgorithm, Duration rotationOverlap, List<IssuerClient> clients) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(24);
    public static final List<String> DEFAULT_SUB_COMPONENTS = List.of("project_path", "ref_type", "ref");
    /** GitLab docs, ID token authentication, "Allowed components today". */
    public static final List<String> ALLOWED_SUB_COMPONENTS = List.of("project_path", "project_id", "ref_type", "ref",
            "ref_protected", "environment_protected", "deployment_tier");
    public static final List<String> SIGNING_ALGORITHMS = List.of("RS256", "ES256");

    public IssuerConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        subClaimComponents = List.copyOf(subClaimComponents);
        Objects.requireNonNull(signingAlgorithm, "signingAlgorithm");
        Objects.requireNonNull(rotationOverlap, "rotationOverlap");
        clients = List.copyOf(clients);
    }
}
