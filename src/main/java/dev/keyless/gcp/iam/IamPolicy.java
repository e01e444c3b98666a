package dev.keyless.gcp.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service account's IAM policy: role → members, in configuration order.
 */
public record IamPolicy(Map<String, List<String>> bindings) {

    public static final String WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";
    public static final String TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";

    public IamPolicy {
        Objects.requireNonNull(bindings, "bindings");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        bindings.forEach((role, members) -> copy.put(Objects.requireNonNull(role, "role"), List.copyOf(members)));
        bindings = java.util.Collections.unmodifiableMap(copy);
    }

    public static IamPolicy empty() {
        return new IamPolicy(Map.of());
    }
}
