package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OIDC provider of a pool (IAM API, workload identity pool providers). The CEL in {@code attributeMapping} and
 * {@code attributeCondition} is compiled by {@code dev.keyless.gcp.mapping}; here only presence and
 * GCP's size limits are checked. An empty {@code allowedAudiences} means the provider's own resource
 * name is the expected audience.
 */
public record PoolProvider(String id, boolean disabled, String issuerUri, List<String> allowedAudiences,
        Optional<String> jwksJson, Map<String, String> attributeMapping, Optional<String> attributeCondition) {

    public PoolProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuerUri, "issuerUri");
        allowedAudiences = List.copyOf(allowedAudiences);
        Objects.requireNonNull(jwksJson, "jwksJson");
        attributeMapping = Collections.unmodifiableMap(new LinkedHashMap<>(attributeMapping));
        Objects.requireNonNull(attributeCondition, "attributeCondition");
    }
}
