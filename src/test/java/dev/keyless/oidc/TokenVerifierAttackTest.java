package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per attack, each asserting the typed reason. */
class TokenVerifierAttackTest {

    private static final long NOW = 1_750_000_000L;
    private static final RSAKey KEY = TestTokens.rsa("k1");
    private static final ECKey OTHER = TestTokens.ec("k2");
    private static final RSAKey ATTACKER = TestTokens.rsa("k1");

    private final TrustedIssuer issuer = TrustedIssuer.forAws(TestTokens.ISSUER,
            new KeySource.StaticJwks(TestTokens.jwks(KEY, OTHER)));
    private final IssuerLookup lookup = iss -> iss.equals(TestTokens.ISSUER) ? Optional.of(issuer) : Optional.empty();
    private final TokenVerifier verifier = verifierAt(NOW);

    private static TokenVerifier verifierAt(long epochSecond) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        VerifierMetrics metrics = VerifierMetrics.unregistered();
        return new TokenVerifier(new JwksCache(JwksCache.Settings.defaults(), clock, metrics), clock, metrics);
    }

    private RejectionReason reasonOf(String token) {
        Verification v = verifier.verify(token, lookup);
        assertThat(v).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) v).reason();
    }

    private String valid() {
        return TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(NOW), KEY);
    }

    @Test
    void verifyWhenValidTokenWithTrailingNewlineThenVerified() {
        Verification v = verifier.verify(valid() + "\n", lookup);
        assertThat(v).isInstanceOfSatisfying(Verification.Verified.class, ok -> {
            assertThat(ok.keyId()).isEqualTo("k1");
            assertThat(ok.token().subject()).isEqualTo("project_path:acme/app:ref_type:branch:ref:main");
            assertThat(ok.token().audiences()).containsExactly("sts.amazonaws.com");
            assertThat(ok.token().audienceWasArray()).isFalse();
            assertThat(ok.token().claims().get("iat")).isEqualTo(NOW);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void verifyWhenAlgNoneInAnyCasingThenAlgNotAllowed(String alg) {
        String input = TestTokens.b64("{\"alg\":\"" + alg + "\",\"kid\":\"k1\"}") + "."
                + TestTokens.b64(TestTokens.json(TestTokens.claims(NOW)));
        assertThat(reasonOf(input + ".")).isEqualTo(RejectionReason.ALG_NOT_ALLOWED);
        assertThat(reasonOf(input + "." + valid().split("\\.")[2])).isEqualTo(RejectionReason.ALG_NOT_ALLOWED);
    }

    @Test
    void verifyWhenRs256WithEmptySignatureThenBadSignature() {
        String[] parts = valid().split("\\.");
        assertThat(reasonOf(parts[0] + "." + parts[1] + ".")).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenHs256SignedWithPublicKeyPemThenAlgNotAllowed() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEY.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String token = TestTokens.hmac("{\"alg\":\"HS256\",\"kid\":\"k1\"}", TestTokens.json(TestTokens.claims(NOW)),
                pem.getBytes(StandardCharsets.US_ASCII));
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.ALG_NOT_ALLOWED);
    }

    @Test
    void verifyWhenHs256SignedWithPublicJwkBytesThenAlgNotAllowed() {
        String token = TestTokens.hmac("{\"alg\":\"HS256\",\"kid\":\"k1\"}", TestTokens.json(TestTokens.claims(NOW)),
                KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.ALG_NOT_ALLOWED);
    }

    @Test
    void verifyWhenEmbeddedJwkWithAttackerKeyThenBadSignature() {
        Map<String, Object> header = TestTokens.header("RS256", "k1");
        header.put("jwk", ATTACKER.toPublicJWK().toJSONObject());
        assertThat(reasonOf(TestTokens.sign(header, TestTokens.claims(NOW), ATTACKER))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u"})
    void verifyWhenKeyUrlHeaderPointsAtAttackerThenBadSignatureAndNoRequest(String param) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = TestTokens.jwks(ATTACKER).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        try {
            Map<String, Object> header = TestTokens.header("RS256", "k1");
            header.put(param, "http://127.0.0.1:" + attacker.getAddress().getPort() + "/jwks");
            String token = TestTokens.sign(header, TestTokens.claims(NOW), ATTACKER);
            assertThat(reasonOf(token)).isEqualTo(RejectionReason.BAD_SIGNATURE);
            assertThat(requests).hasValue(0);
        } finally {
            attacker.stop(0);
        }
    }

    @Test
    void verifyWhenValidKidButAnotherKeysSignatureThenBadSignature() {
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), TestTokens.claims(NOW), ATTACKER)))
                .isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenPayloadBitsFlippedThenBadSignature() {
        String[] parts = valid().split("\\.");
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("sub", "project_path:acme/evil:ref_type:branch:ref:main");
        String flipped = parts[0] + "." + TestTokens.b64(TestTokens.json(claims)) + "." + parts[2];
        assertThat(reasonOf(flipped)).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenUnknownCritThenUnknownCriticalHeader() {
        Map<String, Object> header = TestTokens.header("RS256", "k1");
        header.put("crit", java.util.List.of("exp"));
        header.put("exp", NOW);
        assertThat(reasonOf(TestTokens.sign(header, TestTokens.claims(NOW), KEY))).isEqualTo(RejectionReason.UNKNOWN_CRITICAL_HEADER);
    }

    @Test
    void verifyWhenJsonSerialisationThenNotCompactJws() {
        String[] parts = valid().split("\\.");
        String json = "{\"payload\":\"" + parts[1] + "\",\"protected\":\"" + parts[0] + "\",\"signature\":\"" + parts[2] + "\"}";
        assertThat(reasonOf(json)).isEqualTo(RejectionReason.NOT_COMPACT_JWS);
    }

    @Test
    void verifyWhenWrongIssThenUnknownIssuer() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("iss", "https://evil.example.com");
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.UNKNOWN_ISSUER);
    }

    @Test
    void verifyWhenIssuerHasTrailingSlashThenUnknownIssuer() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("iss", TestTokens.ISSUER + "/");
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.UNKNOWN_ISSUER);
    }

    @Test
    void verifyWhenExpiredJustOutsideLeewayThenExpiredAndJustInsideVerified() {
        Map<String, Object> claims = TestTokens.claims(NOW - 600);
        claims.put("exp", NOW - 60);
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.EXPIRED);
        claims.put("exp", NOW - 59);
        assertThat(verifier.verify(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY), lookup))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void verifyWhenNotYetValidJustOutsideLeewayThenNotYetValidAndJustInsideVerified() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("nbf", NOW + 61);
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.NOT_YET_VALID);
        claims.put("nbf", NOW + 60);
        assertThat(verifier.verify(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY), lookup))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void verifyWhenIatInFutureJustOutsideLeewayThenIssuedInFutureAndJustInsideVerified() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("nbf");
        claims.put("iat", NOW + 61);
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.ISSUED_IN_FUTURE);
        claims.put("iat", NOW + 60);
        assertThat(verifier.verify(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY), lookup))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void verifyWhenOlderThanMaxAgeThenTooOld() {
        Map<String, Object> claims = TestTokens.claims(NOW - 86_401);
        claims.put("exp", NOW + 300);
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.TOO_OLD);
    }

    @Test
    void verifyWhenExpMissingThenMissingExp() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("exp");
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.MISSING_EXP);
    }

    @Test
    void verifyWhenIatMissingThenMissingIat() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("iat");
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.MISSING_IAT);
    }

    @Test
    void verifyWhenExpIsStringThenInvalidTimeClaim() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("exp", String.valueOf(NOW + 300));
        assertThat(reasonOf(TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY))).isEqualTo(RejectionReason.INVALID_TIME_CLAIM);
    }

    @Test
    void verifyWhen25000CharacterTokenThenTooLarge() {
        Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("pad", "x".repeat(19_000));
        String token = TestTokens.sign(TestTokens.header("RS256", "k1"), claims, KEY);
        assertThat(token.length()).isGreaterThan(25_000);
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.TOO_LARGE);
    }

    @Test
    void verifyWhenDeeplyNestedPayloadThenMalformedPayload() {
        String nested = "[".repeat(5_000) + "]".repeat(5_000);
        String token = TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}",
                "{\"iss\":\"" + TestTokens.ISSUER + "\",\"x\":" + nested + "}", KEY);
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.MALFORMED_PAYLOAD);
    }

    @Test
    void verifyWhenDeeplyNestedHeaderThenMalformedHeader() {
        String nested = "{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000);
        String token = TestTokens.b64("{\"alg\":\"RS256\",\"x\":" + nested + "}") + "."
                + TestTokens.b64(TestTokens.json(TestTokens.claims(NOW))) + ".AAAA";
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenSignedPayloadRepeatsAClaimThenMalformedPayload() {
        // Correctly signed, but "sub" twice: readers disagree on which one counts (RFC 7519 §4), so neither does.
        String claims = TestTokens.json(TestTokens.claims(NOW));
        String token = TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}",
                claims.substring(0, claims.length() - 1) + ",\"sub\":\"project_path:acme/admin:ref_type:branch:ref:main\"}", KEY);
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.MALFORMED_PAYLOAD);
    }

    @Test
    void verifyWhenHeaderRepeatsAlgThenMalformedHeader() {
        String input = TestTokens.b64("{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"k1\"}") + "."
                + TestTokens.b64(TestTokens.json(TestTokens.claims(NOW)));
        String token = input + "." + TestTokens.signature(input, com.nimbusds.jose.JWSAlgorithm.RS256, KEY);
        assertThat(reasonOf(token)).isEqualTo(RejectionReason.MALFORMED_HEADER);
    }

    @Test
    void verifyWhenTypIsNotJwtThenTypNotAllowed() {
        Map<String, Object> header = TestTokens.header("RS256", "k1");
        header.put("typ", "at+jwt");
        assertThat(reasonOf(TestTokens.sign(header, TestTokens.claims(NOW), KEY))).isEqualTo(RejectionReason.TYP_NOT_ALLOWED);
    }

    @Test
    void verifyWhenGcpIssuerAndNoKidThenMissingKid() {
        TrustedIssuer gcp = TrustedIssuer.forGcp(TestTokens.ISSUER, new KeySource.StaticJwks(TestTokens.jwks(KEY)));
        Verification v = verifier.verify(TestTokens.sign(TestTokens.header("RS256", null), TestTokens.claims(NOW), KEY),
                iss -> Optional.of(gcp));
        assertThat(v).isInstanceOfSatisfying(Verification.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_KID));
    }

    @Test
    void verifyWhenGcpIssuerAndRs384ThenAlgNotAllowed() {
        TrustedIssuer gcp = TrustedIssuer.forGcp(TestTokens.ISSUER, new KeySource.StaticJwks(TestTokens.jwks(KEY)));
        Verification v = verifier.verify(TestTokens.sign(TestTokens.header("RS384", "k1"), TestTokens.claims(NOW), KEY),
                iss -> Optional.of(gcp));
        assertThat(v).isInstanceOfSatisfying(Verification.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.ALG_NOT_ALLOWED));
    }

    @Test
    void verifyWhenEs256WithEcKeyThenVerified() {
        assertThat(verifier.verify(TestTokens.sign(TestTokens.header("ES256", "k2"), TestTokens.claims(NOW), OTHER), lookup))
                .isInstanceOf(Verification.Verified.class);
    }

    @Test
    void verifyWhenPsychicSignatureThenBadSignature() {
        String[] parts = TestTokens.sign(TestTokens.header("ES256", "k2"), TestTokens.claims(NOW), OTHER).split("\\.");
        // CVE-2022-21449: r = s = 0, 64 zero bytes in JWS form (the "Psychic Signatures" bug).
        assertThat(reasonOf(parts[0] + "." + parts[1] + "." + TestTokens.b64(new byte[64]))).isEqualTo(RejectionReason.BAD_SIGNATURE);
    }
}
