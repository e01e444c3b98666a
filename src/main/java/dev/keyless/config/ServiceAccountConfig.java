package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service account: {@code NAME@PROJECT.iam.gserviceaccount.com}, a stable 21-digit unique id, and
 * its IAM bindings (role → {@code principal://} / {@code principalSet://} members, IAM principal identifiers).
 */
public record ServiceAccountConfig(String name, String email, String uniqueId, Map<String, List<String>> bindings) {

    public static final String WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser";
    public static final String TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";
    public static final List<String> ROLES = List.of(WORKLOAD_IDENTITY_USER, TOKEN_CREATOR);

    public ServiceAccountConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(uniqueId, "uniqueId");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        bindings.forEach((role, members) -> copy.put(role, List.copyOf(members)));
        bindings = Collections.unmodifiableMap(copy);
    }

    /** Every member bound to {@code role}, empty when there is no such binding. */
    public List<String> members(String role) {
        return bindings.getOrDefault(role, List.of());
    }
}
