package dev.keyless.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtExpiryTest {
    private static String jws(String payload) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void ofWhenIntegerExpThenReturnsIt() {
        assertThat(JwtExpiry.of(jws("{\"exp\":1740830400}"))).hasValue(1740830400L);
    }

    @Test
    void ofWhenExpMissingOrNotAnIntegerThenEmpty() {
        assertThat(JwtExpiry.of(jws("{\"sub\":\"x\"}"))).isEmpty();
        assertThat(JwtExpiry.of(jws("{\"exp\":\"1740830400\"}"))).isEmpty();
        assertThat(JwtExpiry.of(jws("{\"exp\":1.5}"))).isEmpty();
    }

    @Test
    void ofWhenNotThreeBase64UrlJsonPartsThenEmpty() {
        assertThat(JwtExpiry.of("a.b")).isEmpty();
        assertThat(JwtExpiry.of("!!.@@.##")).isEmpty();
        assertThat(JwtExpiry.of(jws("[1,2]"))).isEmpty();
        assertThat(JwtExpiry.of(jws("{\"exp\":1}") + ".extra")).isEmpty();
    }

    @Test
    void toStringWhenSubjectTokenThenOnlyFingerprint() {
        SubjectToken t = new SubjectToken(jws("{\"exp\":1}"));
        assertThat(t.toString()).startsWith("SubjectToken[sha256:").doesNotContain(t.value());
    }
}
