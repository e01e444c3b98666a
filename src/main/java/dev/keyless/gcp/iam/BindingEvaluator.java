package dev.keyless.gcp.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides impersonation: the SA policy must bind one of the caller's principals to
 * {@code roles/iam.workloadIdentityUser} or {@code roles/iam.serviceAccountTokenCreator}; both
 * grant {@code getAccessToken} and {@code getOpenIdToken} (IAM principal identifiers). Members are
 * compared exactly (GCP member strings are case-sensitive identifiers). Pure.
 */
public final class BindingEvaluator {

    private static final List<String> GRANTING_ROLES =
            List.of(IamPolicy.WORKLOAD_IDENTITY_USER, IamPolicy.TOKEN_CREATOR);

    public BindingDecision evaluate(IamPolicy policy, Principals principals, IamPermission permission) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(principals, "principals");
        Objects.requireNonNull(permission, "permission");
        Set<String> held = Set.copyOf(principals.all());
        for (Map.Entry<String, List<String>> binding : policy.bindings().entrySet()) {
            if (!GRANTING_ROLES.contains(binding.getKey())) {
                continue;
            }
            for (String member : binding.getValue()) {
                if (held.contains(member)) {
                    return new BindingDecision.Granted(permission, binding.getKey(), member);
                }
            }
        }
        return new BindingDecision.Denied(permission, principals.all(), GRANTING_ROLES);
    }
}
