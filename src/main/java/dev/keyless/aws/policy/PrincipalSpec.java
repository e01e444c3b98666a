package dev.keyless.aws.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Principal} or {@code NotPrincipal} [IAM User Guide, reference_policies_elements_principal]:
 * {@code "*"} (anyone), or a map from principal type ({@code Federated}, {@code AWS},
 * {@code Service}, {@code CanonicalUser}) to identifiers. Identifiers are compared exactly; within
 * {@code AWS}, {@code "*"} means anyone.
 */
public record PrincipalSpec(boolean negated, boolean anyone, Map<String, List<String>> byType) {
    public PrincipalSpec {
        Objects.requireNonNull(byType, "byType");
        byType = Map.copyOf(byType);
    }

    public boolean matches(String type, String identifier) {
        return negated != matchesPositive(type, identifier);
    }

    private boolean matchesPositive(String type, String identifier) {
        if (anyone || byType.getOrDefault("AWS", List.of()).contains("*")) {
            return true;
        }
        return byType.getOrDefault(type, List.of()).contains(identifier);
    }

    public List<String> federated() {
        return byType.getOrDefault("Federated", List.of());
    }

    @Override
    public String toString() {
        String body = anyone ? "\"*\"" : byType.toString();
        return (negated ? "NotPrincipal " : "Principal ") + body;
    }
}
