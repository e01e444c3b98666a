package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Fuzzes the parser and every check. Under plain {@code mvn test}
 * Jazzer runs in regression mode over the committed corpus in
 * {@code src/test/resources/dev/keyless/oidc/TokenVerifierFuzzTestInputs/verifyNeverThrows/};
 * {@code JAZZER_FUZZ=1} fuzzes for real. Only a {@link Verification} may come out.
 */
class TokenVerifierFuzzTest {

    private static final RSAKey KEY = TestTokens.rsa("k1");
    private static final TrustedIssuer ISSUER = TrustedIssuer.forAws(TestTokens.ISSUER,
            new KeySource.StaticJwks(TestTokens.jwks(KEY, TestTokens.ec("k2"))));

    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_750_000_000L), ZoneOffset.UTC);
    private final VerifierMetrics metrics = VerifierMetrics.unregistered();
    private final TokenVerifier verifier = new TokenVerifier(
            new JwksCache(JwksCache.Settings.defaults(), clock, metrics), clock, metrics);

    @FuzzTest(maxDuration = "30s")
    void verifyNeverThrows(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        // Any issuer value finds the one static issuer, so fuzzed tokens reach the signature and claim checks.
        Verification v = verifier.verify(token, iss -> Optional.of(ISSUER));
        assertThat(v).isNotNull();
        Verification direct = verifier.verify(token, iss -> Optional.empty());
        assertThat(direct).isInstanceOf(Verification.Rejected.class);
        JwsSignatureLayer.Result layer = JwsSignatureLayer.check(token, new com.nimbusds.jose.jwk.JWKSet(KEY.toPublicJWK()),
                TrustedIssuer.AWS_ALGORITHMS, false);
        assertThat(layer).isNotNull();
    }
}
