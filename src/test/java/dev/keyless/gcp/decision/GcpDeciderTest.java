package dev.keyless.gcp.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.config.ConfigLoader;
import dev.keyless.decision.CheckStatus;
import dev.keyless.gcp.sts.OAuthErrorCode;
import dev.keyless.gcp.sts.ProviderAudience;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.Verification;
import dev.keyless.oidc.VerifiedToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision on its own: a directory compiled from YAML, evidence and an instant in, checks and outcome out. */
class GcpDeciderTest {
    private static final String ISSUER = "https://gitlab.example.com";
    private static final ProviderAudience AUDIENCE = ProviderAudience.parse("//iam.googleapis.com/projects/123456789012/"
            + "locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab").orElseThrow();
    private static final String SA = "deployer@my-project.iam.gserviceaccount.com";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final GcpDirectory DIRECTORY = directory();

    private static GcpDirectory directory() {
        try {
            return ConfiguredGcpDirectory.of(ConfigLoader.parse("""
                    gcp:
                      projects:
                        my-project:
                          number: "123456789012"
                          workloadIdentityPools:
                            gitlab-pool:
                              providers:
                                gitlab:
                                  issuerUri: %s
                                  attributeMapping: {google.subject: assertion.sub, attribute.ns: assertion.namespace_path}
                                  attributeCondition: assertion.namespace_path == "mygroup"
                          serviceAccounts:
                            deployer:
                              bindings:
                                roles/iam.workloadIdentityUser:
                                  - principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/attribute.ns/mygroup
                    """.formatted(ISSUER), "keyless.yaml").gcp(), provider -> iss -> Optional.empty());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static GcpDecision decide(Optional<String> sa, TokenEvidence evidence) {
        return GcpDecider.exchange(DIRECTORY, new DecisionRequest(AUDIENCE, List.of(), sa), evidence, NOW);
    }

    private static CheckStatus status(GcpDecision d, CheckName name) {
        return d.checks().stream().filter(c -> c.name() == name).findFirst().orElseThrow().status();
    }

    @Test
    void exchangeWhenClaimsGivenWithoutIssAudOrExpThenThoseAreNotCheckedAndTheBindingDecides() {
        GcpDecision d = decide(Optional.of(SA), new TokenEvidence.Asserted(Map.of("sub", "s", "namespace_path", "mygroup")));

        assertThat(d.allowed()).isTrue();
        assertThat(List.of(status(d, CheckName.ISSUER), status(d, CheckName.SIGNATURE), status(d, CheckName.TIMES),
                status(d, CheckName.AUDIENCE))).containsOnly(CheckStatus.NOT_CHECKED);
        assertThat(d.summary()).isEqualTo("roles/iam.workloadIdentityUser on " + SA + " granted to principalSet://"
                + "iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/attribute.ns/mygroup");
    }

    @Test
    void exchangeWhenExpiredButVerifiedInItsWindowThenTimesDecideAndLaterChecksAreStillShown() {
        Verification.Rejected expired = new Verification.Rejected(RejectionReason.EXPIRED, "expired",
                new TokenFacts(ISSUER, List.of(AUDIENCE.fullName()), 100L, 400L, null, NOW.getEpochSecond()));
        VerifiedToken inWindow = new VerifiedToken(ISSUER, "s", List.of(AUDIENCE.fullName()), false, "j",
                Instant.ofEpochSecond(100), Instant.ofEpochSecond(400), Optional.empty(),
                Map.of("sub", "s", "namespace_path", "othergroup"));

        GcpDecision d = decide(Optional.of(SA), new TokenEvidence.Rejected(expired, Optional.of(inWindow)));

        assertThat(d.decisive()).contains(CheckName.TIMES);
        GcpDecision.Denied denied = (GcpDecision.Denied) d.outcome();
        assertThat(denied.error().message()).isEqualTo("ID Token issued at 100 is stale to sign-in.");
        assertThat(status(d, CheckName.ATTRIBUTE_CONDITION)).isEqualTo(CheckStatus.FAIL);
        assertThat(status(d, CheckName.SERVICE_ACCOUNT_BINDING)).isEqualTo(CheckStatus.NOT_REACHED);
    }

    @Test
    void exchangeWhenProviderUnknownThenInvalidTargetAndEveryLaterCheckNotReached() {
        ProviderAudience other = new ProviderAudience(123456789012L, "gitlab-pool", "github");

        GcpDecision d = GcpDecider.exchange(DIRECTORY, new DecisionRequest(other, List.of(), Optional.of(SA)),
                new TokenEvidence.Unverified(), NOW);

        assertThat(d.decisive()).contains(CheckName.PROVIDER);
        assertThat(((GcpDecision.Denied) d.outcome()).error().wireCode()).isEqualTo(OAuthErrorCode.INVALID_TARGET.wire());
        assertThat(d.checks()).hasSize(8);
        assertThat(d.checks().subList(1, 8)).allMatch(c -> c.status() == CheckStatus.NOT_REACHED);
        assertThat(d.summary()).contains("pool gitlab-pool has providers [gitlab]");
    }

    @Test
    void exchangeWhenEnabledProviderButTokenNotVerifiedThenTheCallerIsWrong() {
        assertThatThrownBy(() -> decide(Optional.empty(), new TokenEvidence.Unverified()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
