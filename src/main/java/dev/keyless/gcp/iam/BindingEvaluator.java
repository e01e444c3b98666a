package dev.keyless.gcp.iam;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides impersonation: the SA policy must bind one of the caller's principals to
 * {@code roles/iam.workloadIdentityUser} or {@code roles/iam.serviceAccountTokenCreator}; both
 * grant {@code getAccessToken} and {@code getOpenIdToken} (IAM principal identifiers). Members are
 * compared exactly (GCP member strings are case-sensitive identifiers). Pure.
 *
 * <p>{@link #firstMatch} is the one member matcher: a project's IAM bindings are checked with it too,
 * so a {@code principalSet://} holds a project role exactly as it holds a service-account role.
 */
public final class BindingEvaluator {

    private static final List<String> GRANTING_ROLES =
            List.of(IamPolicy.WORKLOAD_IDENTITY_USER, IamPolicy.TOKEN_CREATOR);

    /** A binding that names one of the caller's members. */
    public record Match(String role, String member) {
        public Match {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(member, "member");
        }
    }

    public BindingDecision evaluate(IamPolicy policy, Principals principals, IamPermission permission) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(principals, "principals");
        Objects.requireNonNull(permission, "permission");
        return firstMatch(policy.bindings(), GRANTING_ROLES, principals.all())
                .<BindingDecision>map(m -> new BindingDecision.Granted(permission, m.role(), m.member()))
                .orElseGet(() -> new BindingDecision.Denied(permission, principals.all(), GRANTING_ROLES));
    }

    /**
     * The first binding, in policy order, whose role is one of {@code grantingRoles} and whose members name
     * one of {@code held} (a federated caller's principal and principal sets, or {@code serviceAccount:EMAIL}).
     */
    public static Optional<Match> firstMatch(Map<String, List<String>> bindings, Collection<String> grantingRoles,
                                             Collection<String> held) {
        Set<String> members = Set.copyOf(held);
        for (Map.Entry<String, List<String>> binding : bindings.entrySet()) {
            if (!grantingRoles.contains(binding.getKey())) {
                continue;
            }
            for (String member : binding.getValue()) {
                if (members.contains(member)) {
                    return Optional.of(new Match(binding.getKey(), member));
                }
            }
        }
        return Optional.empty();
    }
}
