package dev.keyless.config;

import dev.keyless.gcp.mapping.CompiledMapping;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OIDC provider of a pool (IAM API, workload identity pool providers). {@code compiledMapping} is the CEL of
 * {@code attributeMapping} and {@code attributeCondition} compiled once, at config load (an
 * expression that does not compile is a config error); the texts stay for display and linting. An
 * empty {@code allowedAudiences} means the provider's own resource name is the expected audience.
 */
public record PoolProvider(String id, boolean disabled, String issuerUri, List<String> allowedAudiences,
        Optional<String> jwksJson, Map<String, String> attributeMapping, Optional<String> attributeCondition,
        CompiledMapping compiledMapping) {

    public PoolProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuerUri, "issuerUri");
        allowedAudiences = List.copyOf(allowedAudiences);
        Objects.requireNonNull(jwksJson, "jwksJson");
        attributeMapping = Collections.unmodifiableMap(new LinkedHashMap<>(attributeMapping));
        Objects.requireNonNull(attributeCondition, "attributeCondition");
        Objects.requireNonNull(compiledMapping, "compiledMapping");
    }
}
