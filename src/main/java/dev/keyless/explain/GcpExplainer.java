package dev.keyless.explain;

import dev.keyless.Keyless;
import dev.keyless.gcp.decision.DecisionRequest;
import dev.keyless.gcp.decision.GcpCheck;
import dev.keyless.gcp.decision.GcpDecider;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDecisionJson;
import dev.keyless.gcp.decision.GcpDecisionText;
import dev.keyless.gcp.decision.TokenEvidence;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.TokenVerifier;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifierMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The GCP exchange offline: the token verified as {@code /v1/token} verifies it, then the one
 * {@link GcpDecider} decision the server makes, rendered by {@link GcpDecisionText}. A token
 * refused only for its times is verified again inside its validity window, so its later checks
 * are still shown (people debug a denial after the token expired); the decision stays the same.
 * Nothing is sealed and nothing is audited.
 */
public final class GcpExplainer {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");
    private static final Set<RejectionReason> TIME = Set.of(RejectionReason.EXPIRED, RejectionReason.NOT_YET_VALID,
            RejectionReason.ISSUED_IN_FUTURE, RejectionReason.TOO_OLD);

    private final Keyless keyless;

    /** The report (checks for JSON, the exit code) and the text people read. */
    public record Explained(ExplainReport report, String text) {
    }

    public GcpExplainer(Keyless keyless) {
        this.keyless = Objects.requireNonNull(keyless, "keyless");
    }

    public Explained explain(String token, ProviderAudience audience, Optional<String> serviceAccount) {
        String exchange = "STS token exchange " + audience.fullName()
                + serviceAccount.map(sa -> " then generateAccessToken " + sa).orElse("");
        TokenEvidence evidence = inWindow(keyless.gcp().exchange().evidence(audience, token), audience, token);
        GcpDecision decision = GcpDecider.exchange(keyless.gcp().directory(),
                new DecisionRequest(audience, SCOPES, serviceAccount), evidence, keyless.clock().instant());
        ExplainReport report = new ExplainReport(exchange, decision.checks().stream().map(GcpExplainer::check).toList(),
                decision.allowed(), decision.summary(), Optional.of(GcpDecisionText.trace(decision.trace())),
                Optional.of(GcpDecisionJson.render(decision)));
        return new Explained(report, "Explaining " + exchange + "\n" + GcpDecisionText.render(decision));
    }

    private TokenEvidence inWindow(TokenEvidence evidence, ProviderAudience audience, String token) {
        if (!(evidence instanceof TokenEvidence.Rejected r) || !TIME.contains(r.rejection().reason())
                || r.rejection().facts().iat() == null) {
            return evidence;
        }
        TokenFacts f = r.rejection().facts();
        Instant at = Instant.ofEpochSecond(Math.max(f.iat(), f.nbf() == null ? f.iat() : f.nbf()));
        TokenVerifier verifier = new TokenVerifier(keyless.jwksCache(), Clock.fixed(at, ZoneOffset.UTC),
                VerifierMetrics.unregistered());
        Verification again = verifier.verify(token, keyless.gcp().directory().provider(audience).orElseThrow().issuers());
        return again instanceof Verification.Verified v
                ? new TokenEvidence.Rejected(r.rejection(), Optional.of(v.token())) : evidence;
    }

    private static Check check(GcpCheck c) {
        Check.Status status = switch (c.status()) {
            case PASSED -> Check.Status.PASS;
            case FAILED -> Check.Status.FAIL;
            case NOT_CHECKED, NOT_REACHED -> Check.Status.NOT_REACHED;
        };
        return new Check(c.name().label(), status, c.expected(), c.actual());
    }
}
