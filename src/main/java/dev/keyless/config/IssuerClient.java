package dev.keyless.config;

import java.util.List;
import java.util.Objects;

/**
 * A CI system allowed to call {@code POST /api/v1/ci/id_tokens}: its bearer secret is stored only as
 * a lowercase hex SHA-256, and it may mint only for project paths matching one of {@code projects}
 * (globs: {@code *} within a path segment, {@code **} across segments).
 */
public record IssuerClient(String name, String secretSha256, List<String> projects) {

    public IssuerClient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretSha256, "secretSha256");
        projects = List.copyOf(projects);
    }
}
