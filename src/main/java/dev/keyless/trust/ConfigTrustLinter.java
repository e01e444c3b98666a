package dev.keyless.trust;

import dev.keyless.aws.policy.ConditionKeysMode;
import dev.keyless.aws.policy.LintFinding;
import dev.keyless.aws.policy.TrustPolicyLinter;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.ConditionKeys;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.RoleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The trust rules of {@code keyless lint} over a whole config: every AWS role's
 * trust policy through {@link TrustPolicyLinter}, then every GCP provider and service-account binding
 * through {@link GcpTrustLinter}, then every URL and condition key that names this server but not
 * its issuer through {@link IssuerAgreementLinter}. Pure: the caller prints.
 */
public final class ConfigTrustLinter {
    private final TrustPolicyLinter awsLinter = new TrustPolicyLinter();
    private final GcpTrustLinter gcpLinter = new GcpTrustLinter();
    private final IssuerAgreementLinter issuerLinter = new IssuerAgreementLinter();

    public List<TrustFinding> lint(KeylessConfig config) {
        List<TrustFinding> out = new ArrayList<>();
        for (AwsAccount account : config.aws().accounts().values()) {
            List<String> providerUrls = account.openIdConnectProviders().stream().map(OidcProviderConfig::url).toList();
            ConditionKeysMode mode = account.conditionKeys() == ConditionKeys.EXTENDED
                    ? ConditionKeysMode.EXTENDED : ConditionKeysMode.AWS;
            for (RoleConfig role : account.roles().values()) {
                String at = TrustFinding.path(List.of("aws", "accounts", account.accountId(), "roles", role.name()));
                lintRole(role, providerUrls, mode).forEach(f -> out.add(new TrustFinding(at, f)));
            }
        }
        out.addAll(gcpLinter.lint(config.gcp(), Set.of(config.issuer().url().toString())));
        out.addAll(issuerLinter.lint(config));
        return List.copyOf(out);
    }

    private List<LintFinding> lintRole(RoleConfig role, List<String> providerUrls, ConditionKeysMode mode) {
        // A trust policy that is not IAM grammar is a config error, so every role here has one.
        return awsLinter.lint(role.trustPolicy(), role.name(), providerUrls, mode);
    }
}
