package dev.keyless.trust;

import dev.keyless.aws.policy.AuthorizationRequest;
import dev.keyless.aws.policy.ConditionKeysMode;
import dev.keyless.aws.policy.Evaluation;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyEvaluator;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.aws.policy.WebIdentityContext;
import dev.keyless.aws.policy.WebIdentityFacts;
import dev.keyless.config.AwsAccount;
import dev.keyless.config.ConditionKeys;
import dev.keyless.config.KeylessConfig;
import dev.keyless.config.OidcProviderConfig;
import dev.keyless.config.RoleConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides an {@code AssumeRoleWithWebIdentity} case the way the STS does after the token is verified
 * (IAM User Guide, OIDC identity providers and condition keys for web identity federation): the provider is the account's one whose URL is
 * the token's {@code iss}, {@code aud} must be in its ClientIDList, then the role's trust policy with
 * the condition keys AWS offers. Signature and times are not checked: the claims are given directly.
 */
final class AwsCaseRunner {
    /** STS API Reference, AssumeRoleWithWebIdentity errors: InvalidIdentityToken. */
    static final String INCORRECT_AUDIENCE = "Incorrect token audience";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):role/.+");

    private final KeylessConfig config;
    private final Clock clock;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final ExplanationRenderer renderer = new ExplanationRenderer();

    AwsCaseRunner(KeylessConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    CaseOutcome run(TrustCase.AwsRole target, Map<String, Object> claims) {
        Matcher m = ROLE_ARN.matcher(target.roleArn());
        if (!m.matches()) {
            return new CaseOutcome.Unresolved("role " + target.roleArn() + " is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        }
        AwsAccount account = config.aws().accounts().get(m.group(1));
        if (account == null) {
            return new CaseOutcome.Unresolved("account " + m.group(1) + " is not in the config; accounts: "
                    + config.aws().accounts().keySet());
        }
        Optional<RoleConfig> role = account.roles().values().stream().filter(r -> r.arn().equals(target.roleArn())).findFirst();
        if (role.isEmpty()) {
            return new CaseOutcome.Unresolved("no role " + target.roleArn() + " in the config; roles of account "
                    + account.accountId() + ": " + account.roles().values().stream().map(RoleConfig::arn).toList());
        }
        return provider(account, claims).map(p -> decide(account, role.get(), p, claims),
                CaseOutcome.Unresolved::new);
    }

    /** The token's {@code iss} names the provider; without one, the account's only provider is meant. */
    private static Either provider(AwsAccount account, Map<String, Object> claims) {
        List<OidcProviderConfig> providers = account.openIdConnectProviders();
        Object iss = claims.get("iss");
        if (iss == null) {
            return providers.size() == 1 ? Either.of(providers.get(0)) : Either.error("account " + account.accountId()
                    + " has " + providers.size() + " OIDC providers; give the token's iss (one of "
                    + providers.stream().map(OidcProviderConfig::url).toList() + ")");
        }
        return account.providerForIssuer(String.valueOf(iss)).map(Either::of).orElseGet(() -> Either.error(
                "iss " + iss + " is not an OIDC provider of account " + account.accountId() + " (AWS: \"No OpenIDConnect "
                        + "provider found in your account for " + iss + "\"); providers: "
                        + providers.stream().map(OidcProviderConfig::url).toList()));
    }

    private CaseOutcome decide(AwsAccount account, RoleConfig role, OidcProviderConfig provider, Map<String, Object> claims) {
        List<String> aud = audiences(claims.get("aud"));
        if (aud.stream().noneMatch(provider.clientIds()::contains)) {
            return CaseOutcome.deny(INCORRECT_AUDIENCE, "Incorrect token audience: aud " + aud
                    + " is not in the clientIds of provider " + provider.url() + ": " + provider.clientIds() + "\n");
        }
        try {
            var policy = PolicyParser.parse(role.assumeRolePolicyJson());
            ConditionKeysMode mode = account.conditionKeys() == ConditionKeys.EXTENDED
                    ? ConditionKeysMode.EXTENDED : ConditionKeysMode.AWS;
            var facts = new WebIdentityFacts(provider.url(), provider.providerArn(), claims, mode, null, null, true,
                    clock.instant());
            var request = AuthorizationRequest.federated(provider.providerArn(),
                    WebIdentityContext.requiredActions(claims), WebIdentityContext.build(facts));
            Evaluation e = evaluator.evaluate(policy, request);
            String text = "Role " + role.arn() + ", provider " + provider.providerArn() + "\n" + renderer.text(e.explanation());
            return new CaseOutcome.Decided(e.decision().allowed(), e.explanation().summary(), text);
        } catch (MalformedPolicyException e) {
            return new CaseOutcome.Unresolved("the trust policy of " + role.arn() + " is malformed: " + e.getMessage());
        }
    }

    private static List<String> audiences(Object aud) {
        if (aud instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return aud == null ? List.of() : List.of(String.valueOf(aud));
    }

    /** A provider, or why there is none. */
    private record Either(OidcProviderConfig provider, String error) {
        static Either of(OidcProviderConfig p) {
            return new Either(p, null);
        }

        static Either error(String message) {
            return new Either(null, message);
        }

        CaseOutcome map(Function<OidcProviderConfig, CaseOutcome> ok,
                Function<String, CaseOutcome> failed) {
            return provider != null ? ok.apply(provider) : failed.apply(error);
        }
    }
}
