package dev.keyless.aws.sts.http;

import dev.keyless.aws.policy.AuthorizationRequest;
import dev.keyless.aws.policy.ConditionKeysMode;
import dev.keyless.aws.policy.Evaluation;
import dev.keyless.aws.policy.PolicyEvaluator;
import dev.keyless.aws.policy.WebIdentityContext;
import dev.keyless.aws.policy.WebIdentityFacts;
import dev.keyless.aws.sts.http.RoleDirectory.ResolvedRole;
import dev.keyless.config.OidcProviderConfig;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Step 7 of AssumeRoleWithWebIdentity on its own: the role's trust policy evaluated with the
 * condition keys AWS offers for the provider (IAM User Guide, condition keys for web identity federation). Shared by the STS and
 * {@code keyless explain}, so an explanation is exactly the server's decision.
 */
public final class TrustPolicyCheck {
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    private TrustPolicyCheck() {
    }

    /**
     * @param claims          the verified token's claims
     * @param sourceIp        the caller's address, or null (its key is then absent)
     * @param userAgent       the caller's User-Agent, or null
     */
    public static Evaluation evaluate(ResolvedRole role, OidcProviderConfig provider, Map<String, Object> claims,
            String sourceIp, String userAgent, boolean secureTransport, Instant now) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(provider, "provider");
        WebIdentityFacts facts = new WebIdentityFacts(provider.url(), provider.providerArn(), claims,
                ConditionKeysMode.valueOf(role.account().conditionKeys().name()), sourceIp, userAgent,
                secureTransport, now);
        return EVALUATOR.evaluate(role.trustPolicy(), AuthorizationRequest.federated(provider.providerArn(),
                WebIdentityContext.requiredActions(claims), WebIdentityContext.build(facts)));
    }
}
