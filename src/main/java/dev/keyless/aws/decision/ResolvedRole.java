package dev.keyless.aws.decision;

import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.RoleConfig;
import java.util.Objects;

/** A role with its account. */
public record ResolvedRole(AwsAccount account, RoleConfig role) {
    public ResolvedRole {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(role, "role");
    }

    /** The trust policy, compiled once when the config was loaded. */
    public PolicyDocument trustPolicy() {
        return role.trustPolicy();
    }
}
