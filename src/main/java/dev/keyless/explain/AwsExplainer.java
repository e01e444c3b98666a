package dev.keyless.explain;

import dev.keyless.Keyless;
import dev.keyless.aws.decision.AssumeRoleRequest;
import dev.keyless.aws.decision.AwsDecider;
import dev.keyless.aws.decision.AwsDecision;
import dev.keyless.aws.decision.RoleDirectory;
import dev.keyless.aws.decision.Step;
import dev.keyless.aws.decision.TokenEvidence;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.decision.Check;
import dev.keyless.oidc.IssuerLookup;
import dev.keyless.oidc.Verification;
import java.util.Objects;
import java.util.Optional;

/**
 * AssumeRoleWithWebIdentity offline: the server's verifier, then the server's own decision
 * ({@link AwsDecider}), printed check by check. Nothing is minted and nothing is audited.
 */
public final class AwsExplainer {
    private final Keyless keyless;
    private final ValidityWindow window;
    private final ExplanationRenderer renderer = new ExplanationRenderer();

    public AwsExplainer(Keyless keyless) {
        this.keyless = Objects.requireNonNull(keyless, "keyless");
        this.window = new ValidityWindow(keyless.jwksCache());
    }

    public ExplainReport explain(String token, AssumeRoleRequest request) {
        IssuerLookup issuers = RoleDirectory.accountOf(request.roleArn()).map(keyless::awsIssuers)
                .orElse(iss -> Optional.empty());
        Verification verification = keyless.verifier().verify(token, issuers);
        TokenEvidence evidence = TokenEvidence.of(verification, issuers);
        // When only the times failed, the later checks still run on the claims: people debug a
        // denial after the token expired.
        if (evidence instanceof TokenEvidence.Rejected r) {
            evidence = new TokenEvidence.Rejected(r.rejection(), r.issuer(),
                    window.atValidTime(token, issuers, r.rejection()));
        }
        AwsDecision decision = AwsDecider.decide(evidence, request, keyless.awsRoles(), keyless.clock().instant());
        String reason = decision.decisive().map(c -> c.name().label() + ": " + c.actual())
                .orElseGet(() -> "trust policy allows " + decision.subject().orElse(""));
        return new ExplainReport("AssumeRoleWithWebIdentity " + request.roleArn(),
                decision.checks().stream().map(AwsExplainer::check).toList(), decision.allowed(), reason,
                decision.trustPolicy().map(e -> "Trust policy of " + request.roleArn() + ":\n"
                        + renderer.text(e.explanation())),
                decision.trustPolicy().map(e -> renderer.json(e.explanation())));
    }

    private static Check<String> check(Check<Step> c) {
        return new Check<>(c.name().label(), c.status(), c.expected(), c.actual());
    }
}
