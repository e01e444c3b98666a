package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What stays in {@code oidc} about issuers. The wire wording of rejections belongs to each endpoint
 * family: AWS in {@code aws.decision.AwsTokenErrorTest}, GCP in {@code gcp.sts.StsErrorTest}.
 */
class TokenErrorsTest {

    @Test
    void trustedIssuerWhenHs256ConfiguredThenConfigError() {
        TrustedIssuer aws = TrustedIssuer.forAws("https://i", new KeySource.StaticJwks("{\"keys\":[]}"));
        assertThatThrownBy(() -> aws.withAllowedAlgorithms(Set.of("RS256", "HS256")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HS256");
        assertThat(TrustedIssuer.forGcp("https://i", aws.keySource()).requireKid()).isTrue();
    }
}
