package dev.keyless.aws.sts.http;

import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyDocument;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.RoleConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configured roles by ARN, each with its trust policy parsed and compiled once at start:
 * a malformed trust policy is a startup error naming the role, never a 500
 * at request time.
 */
public final class RoleDirectory {

    /** {@code arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME} [IAM User Guide, reference_identifiers]. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/(.+)");

    /** A role with its account and compiled trust policy. */
    public record ResolvedRole(AwsAccount account, RoleConfig role, PolicyDocument trustPolicy) {
        public ResolvedRole {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(trustPolicy, "trustPolicy");
        }
    }

    private final Map<String, AwsAccount> accounts;
    private final Map<String, ResolvedRole> rolesByArn;

    /** @throws IllegalStateException naming the role when a trust policy does not parse */
    public RoleDirectory(Map<String, AwsAccount> accounts) {
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

    /** The account a syntactically valid role ARN names, or empty when the ARN is not a role ARN. */
    public static Optional<String> accountOf(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public Optional<AwsAccount> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    /** The role whose ARN (path included) equals {@code roleArn}. */
    public Optional<ResolvedRole> role(String roleArn) {
        return Optional.ofNullable(rolesByArn.get(roleArn));
    }
}
