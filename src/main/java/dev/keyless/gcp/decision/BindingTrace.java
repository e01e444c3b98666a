package dev.keyless.gcp.decision;

import dev.keyless.gcp.iam.BindingDecision;
import dev.keyless.gcp.iam.IamPermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service-account step of a decision: the account asked for, its policy, and which binding
 * granted the permission or which principals were looked for. {@code decision} is empty when no
 * such service account is configured.
 */
public record BindingTrace(String serviceAccount, IamPermission permission, Map<String, List<String>> policy,
                           Optional<BindingDecision> decision) {
    public BindingTrace {
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        Objects.requireNonNull(permission, "permission");
        policy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policy));
        Objects.requireNonNull(decision, "decision");
    }
}
