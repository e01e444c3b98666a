package dev.keyless.gcp.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.gcp.mapping.MappingFailureReason;
import dev.keyless.gcp.mapping.MappingOutcome;
import dev.keyless.gcp.mapping.MappingTrace;
import dev.keyless.oidc.RejectionReason;
import dev.keyless.oidc.TokenFacts;
import dev.keyless.oidc.Verification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Google STS wording of token and mapping rejections, one enum for the wire. */
class StsErrorTest {

    private static Verification.Rejected rejected(RejectionReason reason, Long iat) {
        return new Verification.Rejected(reason, "d", new TokenFacts("https://issuer.example", List.of("aud"), iat, 5L,
                null, 0));
    }

    @Test
    void ofWhenExpiredOrMissingIatThenStaleToSignInWithIatOrNull() {
        assertThat(StsError.of(rejected(RejectionReason.EXPIRED, 1713260741L), "x"))
                .isEqualTo(new OAuthError(OAuthErrorCode.INVALID_GRANT, "ID Token issued at 1713260741 is stale to sign-in."));
        assertThat(StsError.of(rejected(RejectionReason.MISSING_IAT, null), "x").description())
                .isEqualTo("ID Token issued at null is stale to sign-in.");
    }

    @Test
    void ofWhenSignatureOrKeysOrIssuerThenGoogleMessages() {
        assertThat(StsError.of(rejected(RejectionReason.BAD_SIGNATURE, null), "x").description())
                .isEqualTo("Unable to verify the ID Token signature.");
        assertThat(StsError.of(rejected(RejectionReason.UNKNOWN_KID, null), "x").description())
                .isEqualTo("Error connecting to the given credential's issuer.");
        assertThat(StsError.of(rejected(RejectionReason.UNKNOWN_ISSUER, null), "https://cfg.example").description())
                .isEqualTo("The issuer in ID Token https://issuer.example does not match the expected one in config: "
                        + "https://cfg.example.");
        assertThat(StsError.of(rejected(RejectionReason.NOT_COMPACT_JWS, null), "x").code())
                .isEqualTo(OAuthErrorCode.INVALID_GRANT);
    }

    @Test
    void ofWhenMappingFailedThenCodeAndTextNameTheTarget() {
        MappingTrace none = new MappingTrace(List.of(), Optional.empty());
        assertThat(StsError.of(new MappingOutcome.MappingFailed(MappingFailureReason.NOT_A_STRING, "attribute.pid", "d",
                none))).isEqualTo(new OAuthError(OAuthErrorCode.UNAUTHORIZED_CLIENT,
                "The mapped attribute 'attribute.pid' must be of type STRING."));
        assertThat(StsError.of(new MappingOutcome.MappingFailed(MappingFailureReason.SUBJECT_TOO_LONG, "google.subject",
                "d", none)).code()).isEqualTo(OAuthErrorCode.INVALID_REQUEST);
    }

    @Test
    void toJsonWhenRenderedThenOAuthShapeWithHttp400() {
        OAuthError e = StsError.CONDITION_REJECTED.with();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(new String(e.toJson(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"unauthorized_client\","
                + "\"error_description\":\"The given credential is rejected by the attribute condition.\"}");
    }
}
