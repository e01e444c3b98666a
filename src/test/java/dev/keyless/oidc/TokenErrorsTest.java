package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** AWS wire wording of rejections (GCP's is in gcp.sts.StsErrorTest). */
class TokenErrorsTest {

    private static Verification.Rejected rejected(RejectionReason reason, Long iat, Long exp, long now) {
        return new Verification.Rejected(reason, "d", new TokenFacts("https://issuer.example", List.of("aud"), iat, exp, null, now));
    }

    @Test
    void awsWhenExpiredThenExpiredTokenExceptionWithTimes() {
        assertThat(AwsTokenErrors.of(rejected(RejectionReason.EXPIRED, 1731095000L, 1731095240L, 1731098245L)))
                .isEqualTo(new AwsTokenErrors.AwsError("ExpiredTokenException", 400,
                        "Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240"));
    }

    @Test
    void awsWhenTooOldThenTokenTooOldSeconds() {
        assertThat(AwsTokenErrors.of(rejected(RejectionReason.TOO_OLD, 1000L, 999_999L, 442_398L)).message())
                .isEqualTo("Token too old: 441398");
    }

    @Test
    void awsWhenKeysUnavailableThenIdpCommunicationErrorWithTwoSpaces() {
        AwsTokenErrors.AwsError e = AwsTokenErrors.of(rejected(RejectionReason.KEYS_UNAVAILABLE, null, null, 0));
        assertThat(e.code()).isEqualTo("IDPCommunicationError");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("Couldn't retrieve verification key from your identity provider,  please "
                + "reference AssumeRoleWithWebIdentity documentation for requirements");
    }

    @Test
    void awsWhenBadSignatureThenInvalidIdentityToken() {
        assertThat(AwsTokenErrors.of(rejected(RejectionReason.BAD_SIGNATURE, null, null, 0)).code()).isEqualTo("InvalidIdentityToken");
        assertThat(AwsTokenErrors.of(rejected(RejectionReason.UNKNOWN_ISSUER, null, null, 0)).message())
                .isEqualTo("No OpenIDConnect provider found in your account for https://issuer.example");
    }

    @Test
    void trustedIssuerWhenHs256ConfiguredThenConfigError() {
        TrustedIssuer aws = TrustedIssuer.forAws("https://i", new KeySource.StaticJwks("{\"keys\":[]}"));
        assertThatThrownBy(() -> aws.withAllowedAlgorithms(Set.of("RS256", "HS256")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HS256");
        assertThat(TrustedIssuer.forGcp("https://i", aws.keySource()).requireKid()).isTrue();
    }
}
