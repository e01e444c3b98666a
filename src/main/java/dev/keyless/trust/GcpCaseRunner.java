package dev.keyless.trust;

import dev.keyless.config.KeylessConfig;
import dev.keyless.gcp.decision.ConfiguredGcpDirectory;
import dev.keyless.gcp.decision.DecisionRequest;
import dev.keyless.gcp.decision.GcpDecider;
import dev.keyless.gcp.decision.GcpDecision;
import dev.keyless.gcp.decision.GcpDecisionText;
import dev.keyless.gcp.decision.GcpDirectory;
import dev.keyless.gcp.decision.TokenEvidence;
import dev.keyless.gcp.sts.ProviderAudience;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides a GCP case with the server's own {@link GcpDecider}, the case's claims standing in for
 * a verified token (nothing is signed: {@code iss}, {@code aud} and the times are checked when
 * the case gives them), then — with a service account — {@code generateAccessToken}'s binding.
 */
final class GcpCaseRunner {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final GcpDirectory directory;
    private final Clock clock;

    GcpCaseRunner(KeylessConfig config, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        // Claims are given, not verified: no issuer keys are needed, so the lookup finds none.
        this.directory = ConfiguredGcpDirectory.of(config.gcp(), provider -> iss -> Optional.empty());
    }

    CaseOutcome run(TrustCase.GcpProvider target, Map<String, Object> claims) {
        Optional<ProviderAudience> audience = ProviderAudience.parseName(target.providerName());
        if (audience.isEmpty()) {
            return new CaseOutcome.Unresolved("provider " + target.providerName() + " is not a provider name "
                    + "(//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/ID)");
        }
        GcpDecision decision = GcpDecider.exchange(directory,
                new DecisionRequest(audience.get(), SCOPES, target.serviceAccount()),
                new TokenEvidence.Asserted(claims), clock.instant());
        return new CaseOutcome.Decided(decision.allowed(), decision.summary(), GcpDecisionText.render(decision));
    }
}
