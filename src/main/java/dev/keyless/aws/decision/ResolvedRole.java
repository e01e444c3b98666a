package dev.keyless.aws.decision;

import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.RoleConfig;
import java.util.Objects;

/** A role with its account and compiled trust policy. */
public record ResolvedRole(AwsAccount account, RoleConfig role, PolicyDocument trustPolicy) {
    public ResolvedRole {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(trustPolicy, "trustPolicy");
    }
}
