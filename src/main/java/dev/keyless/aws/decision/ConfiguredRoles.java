package dev.keyless.aws.decision;

import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.RoleConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured roles by ARN, each with its trust policy parsed and compiled once at start: a
 * malformed trust policy is a startup error naming the role, never a 500 at request time.
 */
final class ConfiguredRoles implements RoleDirectory {
    private final Map<String, AwsAccount> accounts;
    private final Map<String, ResolvedRole> rolesByArn;

    /** @throws IllegalStateException naming the role when a trust policy does not parse */
    ConfiguredRoles(Map<String, AwsAccount> accounts) {
        this.accounts = Map.copyOf(accounts);
        Map<String, ResolvedRole> roles = new LinkedHashMap<>();
        for (AwsAccount account : accounts.values()) {
            for (RoleConfig role : account.roles().values()) {
                roles.put(role.arn(), new ResolvedRole(account, role, parse(role)));
            }
        }
        this.rolesByArn = Map.copyOf(roles);
    }

    private static PolicyDocument parse(RoleConfig role) {
        try {
            return PolicyParser.parse(role.assumeRolePolicyJson());
        } catch (MalformedPolicyException e) {
            throw new IllegalStateException("aws role " + role.arn() + ": assumeRolePolicy is malformed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<AwsAccount> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public Optional<ResolvedRole> role(String roleArn) {
        return Optional.ofNullable(rolesByArn.get(roleArn));
    }
}
