package dev.keyless.explain;

import dev.keyless.Keyless;
import dev.keyless.decision.Check;
import dev.keyless.decision.CheckStatus;
import dev.keyless.gcp.decision.CheckName;
import dev.keyless.gcp.decision.DecisionRequest;
import dev.keyless.gcp.decision.GcpDecider;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDecisionJson;
import dev.keyless.gcp.decision.GcpDecisionText;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.gcp.decision.TokenEvidence;
import dev.keyless.gcp.sts.ProviderAudience;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The GCP exchange offline: the token verified as {@code /v1/token} verifies it, then the one
 * {@link GcpDecider} decision the server makes, rendered by {@link GcpDecisionText}. A token
 * refused only for its times is verified again inside its validity window, so its later checks
 * are still shown (people debug a denial after the token expired); the decision stays the same.
 * Nothing is sealed and nothing is audited.
 */
public final class GcpExplainer {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final Keyless keyless;
    private final ValidityWindow window;

    /** The report (checks for JSON, the exit code) and the text people read. */
    public record Explained(ExplainReport report, String text) {
    }

    public GcpExplainer(Keyless keyless) {
        this.keyless = Objects.requireNonNull(keyless, "keyless");
        this.window = new ValidityWindow(keyless.jwksCache());
    }

    public Explained explain(String token, ProviderAudience audience, Optional<String> serviceAccount) {
        String exchange = "STS token exchange " + audience.fullName()
                + serviceAccount.map(sa -> " then generateAccessToken " + sa).orElse("");
        GcpDirectory directory = keyless.gcp().directory();
        TokenEvidence evidence = inWindow(keyless.gcp().exchange().evidence(directory, audience, token), directory,
                audience, token);
        GcpDecision decision = GcpDecider.exchange(directory,
                new DecisionRequest(audience, SCOPES, serviceAccount), evidence, keyless.clock().instant());
        ExplainReport report = new ExplainReport(exchange, decision.checks().stream().map(GcpExplainer::check).toList(),
                decision.allowed(), decision.summary(), Optional.of(GcpDecisionText.trace(decision.trace())),
                Optional.of(GcpDecisionJson.render(decision)));
        return new Explained(report, "Explaining " + exchange + "\n" + GcpDecisionText.render(decision));
    }

    /** A token refused only for its times, with its claims as verified inside its validity window. */
    private TokenEvidence inWindow(TokenEvidence evidence, GcpDirectory directory, ProviderAudience audience,
                                   String token) {
        if (!(evidence instanceof TokenEvidence.Rejected r)) {
            return evidence;
        }
        return window.atValidTime(token, directory.provider(audience).orElseThrow().issuers(), r.rejection())
                .<TokenEvidence>map(v -> new TokenEvidence.Rejected(r.rejection(), Optional.of(v.token())))
                .orElse(evidence);
    }

    /** The explain report shows a check that cannot be made from a real token as not reached. */
    private static Check<String> check(Check<CheckName> c) {
        CheckStatus status = c.status() == CheckStatus.NOT_CHECKED ? CheckStatus.NOT_REACHED : c.status();
        return new Check<>(c.name().label(), status, c.expected(), c.actual());
    }
}
