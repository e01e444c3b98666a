package dev.keyless.issuer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the issuer needs from {@code keyless.yaml} (Keyless maps config records onto it).
 *
 * @param issuerUrl     the {@code iss}: scheme, host[:port][path], no trailing slash
 * @param defaultTtl    token lifetime when the job gives no timeout (GitLab: 5 minutes)
 * @param maxTtl        the longest lifetime accepted; key rotation keeps old keys this long
 * @param subComponents in order; the first must be project_path or project_id (GitLab docs, ID token authentication)
 */
public record IssuerSettings(String issuerUrl, Duration defaultTtl, Duration maxTtl, List<SubComponent> subComponents) {
    public static final Duration GITLAB_DEFAULT_TTL = Duration.ofMinutes(5);
    public static final List<SubComponent> GITLAB_DEFAULT_SUB =
            List.of(SubComponent.PROJECT_PATH, SubComponent.REF_TYPE, SubComponent.REF);

    public IssuerSettings {
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        subComponents = List.copyOf(Objects.requireNonNull(subComponents, "subComponents"));
        issuerUrl = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
        URI uri = URI.create(issuerUrl);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("issuer.url: expected an absolute http(s) URL, got " + issuerUrl);
        }
        if (subComponents.isEmpty() || !(subComponents.getFirst() == SubComponent.PROJECT_PATH
                || subComponents.getFirst() == SubComponent.PROJECT_ID)) {
            throw new IllegalArgumentException("issuer.subClaimComponents: the first component must be"
                    + " project_path or project_id");
        }
        if (defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl.compareTo(defaultTtl) < 0) {
            throw new IllegalArgumentException("issuer: defaultTtl must be positive and not above maxTtl");
        }
    }

    public static IssuerSettings gitlabDefaults(String issuerUrl) {
        return new IssuerSettings(issuerUrl, GITLAB_DEFAULT_TTL, Duration.ofHours(24), GITLAB_DEFAULT_SUB);
    }

    /** host[:port][path] of the issuer, no scheme: the prefix of {@code ci_config_ref_uri}. */
    String hostAndPath() {
        URI uri = URI.create(issuerUrl);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getRawAuthority() + path;
    }
}
