package dev.keyless.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GCP project: id, number (digits), workload identity pools, service accounts and the project's IAM
 * bindings (role → members) that authorize callers of the IAM configuration API.
 * {@code explainDenials} (development only) appends the decisive check and why it failed to the
 * error a client receives for an exchange through this project's pools or an impersonation of its
 * service accounts; Google's own errors never say why.
 */
public record GcpProject(String projectId, String number, Map<String, WorkloadIdentityPool> pools,
        Map<String, ServiceAccountConfig> serviceAccounts, boolean explainDenials,
        Map<String, List<String>> iamBindings) {

    public GcpProject {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(number, "number");
        pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        serviceAccounts = Collections.unmodifiableMap(new LinkedHashMap<>(serviceAccounts));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        iamBindings.forEach((role, members) -> copy.put(role, List.copyOf(members)));
        iamBindings = Collections.unmodifiableMap(copy);
    }

    /**
     * The roles of {@link GcpProjectRoles} that grant {@code permission}. Whether a caller holds one is
     * decided by the member matcher service-account policies use ({@code gcp.iam.BindingEvaluator}), so a
     * {@code principalSet://} member grants a project role as it grants a service-account role.
     */
    public java.util.Set<String> rolesGranting(String permission) {
        java.util.Set<String> roles = new java.util.LinkedHashSet<>();
        GcpProjectRoles.PERMISSIONS.forEach((role, permissions) -> {
            if (permissions.contains(permission)) {
                roles.add(role);
            }
        });
        return java.util.Collections.unmodifiableSet(roles);
    }

    /** Finds a service account by email or by unique id (both are accepted in IAM Credentials URLs). */
    public Optional<ServiceAccountConfig> serviceAccount(String emailOrUniqueId) {
        return serviceAccounts.values().stream()
                .filter(sa -> sa.email().equals(emailOrUniqueId) || sa.uniqueId().equals(emailOrUniqueId))
                .findFirst();
    }
}
