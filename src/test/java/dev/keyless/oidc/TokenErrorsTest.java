package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Wire wording of GCP rejections, verbatim from gcp-sts.md (AWS wording: aws.decision.AwsTokenErrorTest). */
class TokenErrorsTest {

    private static Verification.Rejected rejected(RejectionReason reason, Long iat, Long exp, long now) {
        return new Verification.Rejected(reason, "d", new TokenFacts("https://issuer.example", List.of("aud"), iat, exp, null, now));
    }

    @Test
    void gcpWhenExpiredThenStaleToSignIn() {
        assertThat(GcpTokenErrors.of(rejected(RejectionReason.EXPIRED, 1713260741L, 1713260800L, 1713270000L)))
                .isEqualTo(new GcpTokenErrors.GcpError("invalid_grant", "ID Token issued at 1713260741 is stale to sign-in."));
        assertThat(GcpTokenErrors.of(rejected(RejectionReason.MISSING_IAT, null, 5L, 0)).description())
                .isEqualTo("ID Token issued at null is stale to sign-in.");
    }

    @Test
    void gcpWhenSignatureOrKeysOrIssuerThenObservedMessages() {
        assertThat(GcpTokenErrors.of(rejected(RejectionReason.BAD_SIGNATURE, null, null, 0)).description())
                .isEqualTo("Unable to verify the ID Token signature.");
        assertThat(GcpTokenErrors.of(rejected(RejectionReason.UNKNOWN_KID, null, null, 0)).description())
                .isEqualTo("Error connecting to the given credential's issuer.");
        assertThat(GcpTokenErrors.of(rejected(RejectionReason.UNKNOWN_ISSUER, null, null, 0), "https://cfg.example").description())
                .isEqualTo("The issuer in ID Token https://issuer.example does not match the expected one in config: https://cfg.example.");
    }

    @Test
    void trustedIssuerWhenHs256ConfiguredThenConfigError() {
        TrustedIssuer aws = TrustedIssuer.forAws("https://i", new KeySource.StaticJwks("{\"keys\":[]}"));
        assertThatThrownBy(() -> aws.withAllowedAlgorithms(Set.of("RS256", "HS256")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HS256");
        assertThat(TrustedIssuer.forGcp("https://i", aws.keySource()).requireKid()).isTrue();
    }
}
