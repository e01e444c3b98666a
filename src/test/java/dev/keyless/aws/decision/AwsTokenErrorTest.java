package dev.keyless.aws.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.Verification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AWS wording of token rejections, verbatim where AWS's was observed. */
class AwsTokenErrorTest {

    private static Verification.Rejected rejected(RejectionReason reason, Long iat, Long exp, long now) {
        return new Verification.Rejected(reason, "d", new TokenFacts("https://issuer.example", List.of("aud"), iat, exp, null, now));
    }

    private static StsFailure failure(Verification.Rejected r) {
        return AwsTokenError.of(r.reason()).failure(r.facts());
    }

    @Test
    void awsWhenExpiredThenExpiredTokenExceptionWithTimes() {
        assertThat(failure(rejected(RejectionReason.EXPIRED, 1731095000L, 1731095240L, 1731098245L)))
                .isEqualTo(new StsFailure(StsError.EXPIRED_TOKEN_EXCEPTION,
                        "Token expired: current date/time 1731098245 must be before the expiration date/time 1731095240"));
    }

    @Test
    void awsWhenTooOldThenTokenTooOldSeconds() {
        assertThat(failure(rejected(RejectionReason.TOO_OLD, 1000L, 999_999L, 442_398L)).message())
                .isEqualTo("Token too old: 441398");
    }

    @Test
    void awsWhenKeysUnavailableThenIdpCommunicationErrorWithTwoSpaces() {
        StsFailure e = failure(rejected(RejectionReason.KEYS_UNAVAILABLE, null, null, 0));
        assertThat(e.error().code()).isEqualTo("IDPCommunicationError");
        assertThat(e.error().httpStatus()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("Couldn't retrieve verification key from your identity provider,  please "
                + "reference AssumeRoleWithWebIdentity documentation for requirements");
    }

    @Test
    void awsWhenBadSignatureThenInvalidIdentityToken() {
        assertThat(failure(rejected(RejectionReason.BAD_SIGNATURE, null, null, 0)).error().code()).isEqualTo("InvalidIdentityToken");
        assertThat(failure(rejected(RejectionReason.UNKNOWN_ISSUER, null, null, 0)).message())
                .isEqualTo("No OpenIDConnect provider found in your account for https://issuer.example");
    }

}
