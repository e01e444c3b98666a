package dev.keyless.aws.decision;

import dev.keyless.config.AwsAccount;
import dev.keyless.config.RoleConfig;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accounts (with their OIDC providers) and roles an AssumeRoleWithWebIdentity decision reads.
 * An interface so a live view can replace the configured one: roles created at run time are seen
 * by the next decision without a restart.
 */
public interface RoleDirectory {

    /** {@code arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME} (IAM User Guide, "IAM identifiers"). */
    Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/(.+)");

    Optional<AwsAccount> account(String accountId);

    /** The role whose ARN (path included) equals {@code roleArn}. */
    Optional<ResolvedRole> role(String roleArn);

    /** The roles of keyless.yaml; their trust policies were compiled when the config was loaded. */
    static RoleDirectory of(Map<String, AwsAccount> accounts) {
        Map<String, AwsAccount> byId = Map.copyOf(accounts);
        Map<String, ResolvedRole> byArn = new java.util.HashMap<>();
        for (AwsAccount account : byId.values()) {
            for (RoleConfig role : account.roles().values()) {
                byArn.put(role.arn(), new ResolvedRole(account, role));
            }
        }
        Map<String, ResolvedRole> roles = Map.copyOf(byArn);
        return new RoleDirectory() {
            @Override
            public Optional<AwsAccount> account(String accountId) {
                return Optional.ofNullable(byId.get(accountId));
            }

            @Override
            public Optional<ResolvedRole> role(String roleArn) {
                return Optional.ofNullable(roles.get(roleArn));
            }
        };
    }

    /** The account a syntactically valid role ARN names, or empty when the ARN is not a role ARN. */
    static Optional<String> accountOf(String roleArn) {
        Matcher m = ROLE_ARN.matcher(roleArn);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
