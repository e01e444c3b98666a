package dev.keyless.explain;

import dev.keyless.Keyless;
import dev.keyless.aws.policy.Evaluation;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.aws.policy.SessionTags;
import dev.keyless.aws.policy.WebIdentityContext;
import dev.keyless.aws.sts.http.RoleDirectory;
import dev.keyless.aws.sts.http.RoleDirectory.ResolvedRole;
import dev.keyless.aws.sts.http.TrustPolicyCheck;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.RoleConfig;
import dev.keyless.oidc.VerifiedToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * AssumeRoleWithWebIdentity offline, in the STS's order (IAM User Guide, OIDC identity providers): role ARN → account →
 * token (issuer, signature, times) → audience → sub → role → session tags → trust policy, with the
 * server's verifier and {@link TrustPolicyCheck}. Nothing is minted and nothing is audited.
 */
public final class AwsExplainer {
    private final Keyless keyless;
    private final RoleDirectory roles;
    private final TokenStage tokens;
    private final ExplanationRenderer renderer = new ExplanationRenderer();

    public AwsExplainer(Keyless keyless) {
        this.keyless = Objects.requireNonNull(keyless, "keyless");
        this.roles = new RoleDirectory(keyless.config().aws().accounts());
        this.tokens = new TokenStage(keyless.verifier(), keyless.jwksCache(), keyless.clock());
    }

    public ExplainReport explain(String token, String roleArn) {
        String exchange = "AssumeRoleWithWebIdentity " + roleArn;
        List<Check> checks = new ArrayList<>();
        Optional<String> accountId = RoleDirectory.accountOf(roleArn);
        if (accountId.isEmpty()) {
            checks.add(Check.fail("role ARN", "arn:aws:iam::ACCOUNT:role/NAME", roleArn + " (Request ARN is invalid)"));
            return ExplainReport.decide(exchange, checks, "", Optional.empty(), Optional.empty());
        }
        Optional<AwsAccount> account = roles.account(accountId.get());
        String expectedIssuer = "an OIDC provider of account " + accountId.get() + ": " + account
                .map(a -> a.openIdConnectProviders().stream().map(OidcProviderConfig::url).toList().toString())
                .orElse("(account not configured)");
        TokenStage.Result verified = tokens.run(token, keyless.awsIssuers(accountId.get()), expectedIssuer);
        checks.addAll(verified.checks());
        if (verified.verified().isEmpty()) {
            return ExplainReport.decide(exchange, checks, "", Optional.empty(), Optional.empty());
        }
        return afterToken(exchange, roleArn, account.orElseThrow(), verified.verified().get().token(), checks);
    }

    private ExplainReport afterToken(String exchange, String roleArn, AwsAccount account, VerifiedToken token,
            List<Check> checks) {
        OidcProviderConfig provider = account.providerForIssuer(token.issuer()).orElseThrow();
        boolean audOk = token.audiences().stream().anyMatch(provider.clientIds()::contains);
        checks.add(new Check("audience", audOk ? Check.Status.PASS : Check.Status.FAIL,
                "one of the provider's clientIds " + provider.clientIds(), "aud " + token.audiences()
                        + (audOk ? "" : " (Incorrect token audience)")));
        checks.add(new Check("sub", token.subject() != null ? Check.Status.PASS : Check.Status.FAIL,
                "a sub claim", token.subject() != null ? "sub " + token.subject() : "absent (Token has no sub claim)"));
        Optional<ResolvedRole> role = roles.role(roleArn);
        if (!audOk || token.subject() == null || role.isEmpty()) {
            role.ifPresentOrElse(r -> { }, () -> checks.add(Check.fail("role", "a configured role", roleArn
                    + " does not exist; roles of account " + account.accountId() + ": "
                    + account.roles().values().stream().map(RoleConfig::arn).toList())));
            checks.add(Check.notReached("trust policy", "Allow"));
            return ExplainReport.decide(exchange, checks, "", Optional.empty(), Optional.empty());
        }
        checks.add(Check.pass("role", "a configured role", roleArn + " (maxSessionDuration "
                + role.get().role().maxSessionDuration() + " s)"));
        SessionTags tags = WebIdentityContext.tags(token.claims());
        checks.add(new Check("session tags", tags.valid() ? Check.Status.PASS : Check.Status.FAIL,
                "valid " + WebIdentityContext.TAGS_CLAIM + " claim when present",
                tags.valid() ? "tags " + tags.tags() : String.join("; ", tags.problems())));
        // The same evaluation as the STS; no client address or user agent offline, TLS assumed.
        Evaluation evaluation = TrustPolicyCheck.evaluate(role.get(), provider, token.claims(), null, null, true,
                keyless.clock().instant());
        checks.add(new Check("trust policy", evaluation.decision().allowed() ? Check.Status.PASS : Check.Status.FAIL,
                "Allow for " + WebIdentityContext.requiredActions(token.claims()) + " by principal "
                        + provider.providerArn(), evaluation.explanation().summary()));
        String text = "Trust policy of " + roleArn + " (provider " + provider.providerArn() + "):\n"
                + renderer.text(evaluation.explanation());
        return ExplainReport.decide(exchange, checks, "trust policy allows " + token.subject(), Optional.of(text),
                Optional.of(renderer.json(evaluation.explanation())));
    }
}
