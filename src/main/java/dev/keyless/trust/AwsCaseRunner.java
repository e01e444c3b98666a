package dev.keyless.trust;

import dev.keyless.aws.decision.AssumeRoleRequest;
import dev.keyless.aws.decision.AwsDecider;
import dev.keyless.aws.decision.AwsDecision;
import dev.keyless.aws.decision.AwsOutcome;
import dev.keyless.aws.decision.RoleDirectory;
import dev.keyless.aws.decision.Step;
import dev.keyless.aws.decision.TokenEvidence;
import dev.keyless.aws.policy.ExplanationRenderer;
import dev.keyless.aws.sts.AssumeRoleWithWebIdentityParams;
import dev.keyless.config.KeylessConfig;
import dev.keyless.decision.Check;
import dev.keyless.decision.CheckStatus;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides an {@code AssumeRoleWithWebIdentity} case with the STS's own decision ({@link AwsDecider}).
 * Claims are taken as given (no signature, no times); a case that gives a token has it verified
 * first, as the STS would.
 */
public final class AwsCaseRunner {
    /** Verifies a case's token against the OIDC providers of the role's account. */
    @FunctionalInterface
    public interface Tokens {
        TokenEvidence verify(String token, String roleArn);
    }

    private final RoleDirectory roles;
    private final Clock clock;
    private final Optional<Tokens> tokens;
    private final ExplanationRenderer renderer = new ExplanationRenderer();

    AwsCaseRunner(KeylessConfig config, Clock clock, Optional<Tokens> tokens) {
        this.roles = RoleDirectory.of(Objects.requireNonNull(config, "config").aws().accounts());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    CaseOutcome run(TrustCase.AwsRole target, Map<String, Object> claims, Optional<String> token) {
        if (token.isPresent() && tokens.isEmpty()) {
            return new CaseOutcome.Unresolved("a case with a token needs the server's verifier");
        }
        TokenEvidence evidence = token.isPresent() ? tokens.get().verify(token.get(), target.roleArn())
                : new TokenEvidence.Asserted(claims);
        AssumeRoleRequest request = AssumeRoleRequest.offline(target.roleArn(), target.sessionName().orElse("keyless-test"), token,
                target.durationSeconds().orElse(AssumeRoleWithWebIdentityParams.DEFAULT_DURATION_SECONDS), target.policy());
        AwsDecision d = AwsDecider.decide(evidence, request, roles, clock.instant());
        StringBuilder text = new StringBuilder("Role " + target.roleArn() + "\n");
        for (Check<Step> c : d.checks()) {
            if (c.status() != CheckStatus.NOT_REACHED) {
                text.append(c.passed() ? "[ok] " : "[FAIL] ").append(c.name().label()).append(": ").append(c.actual()).append('\n');
            }
        }
        d.trustPolicy().ifPresent(e -> text.append(renderer.text(e.explanation())));
        String reason = switch (d.outcome()) {
            case AwsOutcome.Allowed a -> d.trustPolicy().orElseThrow().explanation().summary();
            case AwsOutcome.Denied denied -> d.trustPolicy().isPresent()
                    ? d.trustPolicy().get().explanation().summary() : denied.error().message();
        };
        return new CaseOutcome.Decided(d.allowed(), reason, text.toString(),
                d.decisive().map(c -> c.name().label()).orElse(""));
    }
}
