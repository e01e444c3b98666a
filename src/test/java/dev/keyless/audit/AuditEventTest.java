package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The redaction guard: no token, session token or access token survives into an event. */
class AuditEventTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0"
            + ".eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xIiwic3ViIjoicHJvamVjdF9wYXRoOmcvcCJ9"
            + ".TUVVQ0lRRGZha2VzaWduYXR1cmVfX19fX19fX19fX19fX19fX19fX19fX19fX18";
    private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEAAaCXVzLWVhc3QtMSJGMEQCIFakeSessionTokenBody+/==";
    /** The shape of a Keyless sealed token (credentials.TokenSealer): version 1, key id, nonce, ciphertext, tag. */
    private static final String SEALED = sealed();

    private static String sealed() {
        byte[] raw = new byte[1 + 4 + 12 + 40 + 16];
        new java.util.Random(7).nextBytes(raw);
        raw[0] = 1;
        return java.util.Base64.getEncoder().encodeToString(raw);
    }

    private static AuditEvent.Builder builder() {
        return AuditEvent.builder(T, "req-1", AuditKind.AWS_ASSUME_ROLE_WITH_WEB_IDENTITY, AuditDecision.DENY);
    }

    @Test
    void buildWhenMessageQuotesAJwtThenJwtRedacted() {
        AuditEvent event = builder().message("token " + JWT + " rejected").build();
        assertThat(event.message()).isEqualTo("token [REDACTED:jwt] rejected");
    }

    @Test
    void buildWhenExplanationHoldsAJwtThenRedactedAndStillJson() {
        AuditEvent event = builder().explanation(JsonNodeFactory.instance.objectNode().put("actual", JWT)).build();
        assertThat(event.explanation()).isEqualTo("{\"actual\":\"[REDACTED:jwt]\"}");
    }

    @Test
    void buildWhenExplanationIsATreeThenPrintableAsciiJsonThatReadsBackAsTheSameTree() throws Exception {
        var json = new ObjectMapper();
        var tree = json.createObjectNode();
        // What check texts hold (an arrow, a section sign), any other script, a character outside the
        // BMP (a surrogate pair), a control character and a quote.
        tree.put("actual", "granted: roles/iam.workloadIdentityUser \u2192 principalSet://x");
        tree.put("expected", "a compact JWS (RFC 7515 \u00a77.1)");
        tree.putArray("more").add("caf\u00e9 \u65e5\u672c \ud83d\udd11").add("tab\there \"quoted\" \u0001");
        AuditEvent event = builder().explanation(tree).build();
        assertThat(event.explanation().chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                .as("only printable ASCII: %s", event.explanation()).isTrue();
        assertThat(event.explanation()).contains("\\u2192").contains("\\u00A7");
        assertThat(json.readTree(event.explanation())).isEqualTo(tree);
    }

    @Test
    void buildWhenExplanationTreeHoldsAJwtThenRedactedLikeText() {
        var tree = JsonNodeFactory.instance.objectNode().put("actual", "\u2192 " + JWT);
        assertThat(builder().explanation(tree).build().explanation())
                .isEqualTo("{\"actual\":\"\\u2192 [REDACTED:jwt]\"}");
    }

    @Test
    void buildWhenAnyFreeTextFieldHoldsATokenThenEveryFieldRedacted() {
        AuditEvent event = AuditEvent.builder(T, JWT, AuditKind.CI_API, AuditDecision.ERROR)
                .reason(JWT).issuer(JWT).subject(JWT).audience(JWT).role(JWT).sessionName(JWT)
                .clientAddress(JWT).userAgent("curl " + SESSION_TOKEN).jti(JWT).build();
        assertThat(event.toString()).doesNotContain("eyJ").doesNotContain("IQoJ");
        assertThat(event.userAgent()).isEqualTo("curl [REDACTED:session-token]");
        assertThat(event.subject()).isEqualTo(Redaction.JWT);
    }

    @Test
    void buildWhenAwsSessionTokenInMessageThenRedacted() {
        assertThat(builder().message("SessionToken=" + SESSION_TOKEN).build().message())
                .isEqualTo("SessionToken=[REDACTED:session-token]");
    }

    @Test
    void buildWhenGoogleAccessTokenThenRedacted() {
        assertThat(builder().message("Bearer ya29.c.b0Aaekm1KfakeAccessToken-x_y").build().message())
                .isEqualTo("Bearer [REDACTED:access-token]");
    }

    @Test
    void buildWhenSealedKeylessTokenThenRedactedAsCredential() {
        assertThat(builder().message("sealed " + SEALED + " rejected").build().message())
                .isEqualTo("sealed [REDACTED:credential] rejected");
        assertThat(builder().message("Bearer ya29." + SEALED.replace('+', '-').replace('/', '_')).build().message())
                .isEqualTo("Bearer [REDACTED:access-token]");
    }

    @Test
    void buildWhenSecretAccessKeyThenRedacted() {
        assertThat(builder().userAgent("key=84f1Y799szIFFI6ATb7035/Ul/SWLUa7CeBYF6Fq x").build().userAgent())
                .isEqualTo("key=[REDACTED:secret-access-key] x");
    }

    @Test
    void buildWhenLongLegalNamesThenNotRedacted() {
        String branch = "feature/" + "AbCdEfGh12".repeat(11) + "xy"; // 120 characters, a legal Git branch name
        String sub = "project_path:mygroup/myrepo:ref_type:branch:ref:" + branch;
        String pool = "pool" + "Abc123def4".repeat(10);
        String provider = "prov" + "Xyz789uvw0".repeat(10);
        String audience = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/" + pool
                + "/providers/" + provider;
        String principal = "principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/"
                + pool + "/subject/" + sub;
        AuditEvent event = AuditEvent.builder(T, "req-1", AuditKind.GCP_TOKEN_EXCHANGE, AuditDecision.ALLOW)
                .subject(sub).audience(audience).role(principal).build();
        assertThat(event.subject()).isEqualTo(sub);
        assertThat(event.audience()).isEqualTo(audience);
        assertThat(event.role()).isEqualTo(principal);
    }

    @Test
    void redactWhenDotlessRunsOfJwtHeadersThenLinearTime() {
        String worst = "eyJ".repeat(64 * 1024 / 3);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(Redaction.redact(worst)).isEqualTo(worst);
        }
        assertThat((System.nanoTime() - start) / 10 / 1_000_000).as("ms per 64 KiB").isLessThan(50);
    }

    @Test
    void buildWhenOrdinaryTextThenUnchanged() {
        String sub = "project_path:mygroup/myrepo:ref_type:branch:ref:main";
        String arn = "arn:aws:iam::111122223333:role/gitlab-deployer";
        String hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        AuditEvent event = builder().subject(sub).role(arn).message(hash).userAgent("aws-cli/2.27.0 Python/3.13")
                .reason("AccessDenied").build();
        assertThat(event.subject()).isEqualTo(sub);
        assertThat(event.role()).isEqualTo(arn);
        assertThat(event.message()).isEqualTo(hash);
        assertThat(event.userAgent()).isEqualTo("aws-cli/2.27.0 Python/3.13");
    }

    @Test
    void tokenWhenGivenThenOnlySixteenHexFingerprintKept() {
        AuditEvent event = builder().token(JWT).build();
        assertThat(event.tokenSha256()).matches("[0-9a-f]{16}").isEqualTo(AuditEvent.fingerprint(JWT));
        assertThat(event.toString()).doesNotContain("eyJ");
        // SHA-256("abc") starts ba7816bf8f01cfea (FIPS 180-2 appendix B.1).
        assertThat(AuditEvent.fingerprint("abc")).isEqualTo("ba7816bf8f01cfea");
    }

    @Test
    void buildWhenTokenPassedAsFingerprintThenRefused() {
        assertThatThrownBy(() -> builder().tokenSha256(JWT).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenSha256 must be 16 lowercase hex digits (a SHA-256 prefix)");
    }

    @Test
    void disabledLogWhenAppendThenCompletedAtOnce() {
        try (AuditLog log = AuditLog.disabled()) {
            assertThat(log.append(builder().build())).isCompleted();
            log.appendAndWait(builder().build());
        }
    }
}
