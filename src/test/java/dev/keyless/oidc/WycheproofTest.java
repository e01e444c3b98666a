package dev.keyless.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * C2SP/wycheproof vectors against {@link JwsSignatureLayer}. The
 * vector files (and their LICENSE and VERSION) are test resources under dev/keyless/oidc/wycheproof;
 * a missing file fails the test.
 */
class WycheproofTest {

    /** Every asymmetric algorithm the layer supports; HS* and none are never allowed. */
    private static final Set<String> ALLOWED = JwsSignatureLayer.SUPPORTED_ALGORITHMS;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode load(String file) throws IOException {
        try (var in = WycheproofTest.class.getResourceAsStream("wycheproof/" + file)) {
            assertThat(in).as("Wycheproof vectors are required: " + file).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    static Stream<Arguments> jwsCases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode group : load("json_web_signature_test.json").get("testGroups")) {
            JsonNode key = group.has("public") ? group.get("public") : group.get("private");
            for (JsonNode t : group.get("tests")) {
                String jws = t.get("jws").isTextual() ? t.get("jws").asText() : t.get("jws").toString();
                cases.add(Arguments.of(Named.of("tc" + t.get("tcId").asInt() + " " + t.get("comment").asText(), jws),
                        key.toString(), t.get("result").asText()));
            }
        }
        assertThat(cases).hasSize(401);
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("jwsCases")
    void checkWhenWycheproofJwsVectorThenExpectedResult(String jws, String keyJson, String result) throws Exception {
        JWKSet keys = KeySets.parse("{\"keys\":[" + keyJson + "]}").orElseThrow();
        String alg = headerAlg(jws);

        JwsSignatureLayer.Result outcome = JwsSignatureLayer.check(jws, keys, ALLOWED, false);

        if (alg != null && (alg.startsWith("HS") || alg.equalsIgnoreCase("none"))) {
            // Structural checks come first; every well-formed HS*/none token dies at the allow-list.
            assertThat(outcome).isInstanceOfSatisfying(JwsSignatureLayer.Result.Invalid.class,
                    r -> assertThat(r.reason()).isIn(RejectionReason.ALG_NOT_ALLOWED,
                            RejectionReason.NOT_COMPACT_JWS, RejectionReason.MALFORMED_HEADER));
        } else if (result.equals("valid") && keyAlgDiffers(keyJson, alg)) {
            assertThat(outcome).isInstanceOfSatisfying(JwsSignatureLayer.Result.Invalid.class,
                    r -> assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_KID));
        } else if (result.equals("valid")) {
            assertThat(outcome).isInstanceOf(JwsSignatureLayer.Result.Valid.class);
        } else {
            assertThat(outcome).isInstanceOf(JwsSignatureLayer.Result.Invalid.class);
        }
    }

    /**
     * Three RFC 7520 "valid" cases pair a token with a key whose declared alg differs: tc 350
     * (PS384 token, PS256 key) and tc 351 (ES512 token, key "ES521", which is no JWS algorithm,
     * RFC 7518 §3.1), both in two groups. A key is used only for its declared alg (RFC 7517 §4.4;
     * RFC 8725 §3.1), so the layer rejects them on purpose.
     */
    private static boolean keyAlgDiffers(String keyJson, String alg) {
        Object keyAlg = TestTokens.parse(keyJson).get("alg");
        return keyAlg != null && !keyAlg.equals(alg);
    }

    private static String headerAlg(String jws) {
        try {
            String header = new String(Base64URL.from(jws.substring(0, jws.indexOf('.'))).decode());
            return (String) TestTokens.parse(header).get("alg");
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Stream<Arguments> ecdsaCases() throws IOException {
        return rawCases("ecdsa_secp256r1_sha256_p1363_test.json", "publicKeyJwk");
    }

    static Stream<Arguments> rsaCases() throws IOException {
        return rawCases("rsa_signature_2048_sha256_test.json", "keyJwk");
    }

    private static Stream<Arguments> rawCases(String file, String keyField) throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode group : load(file).get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                cases.add(Arguments.of(Named.of("tc" + t.get("tcId").asInt() + " " + t.get("comment").asText(),
                        keyJson(group, keyField)), t.get("msg").asText(), t.get("sig").asText(),
                        t.get("result").asText()));
            }
        }
        assertThat(cases).isNotEmpty();
        return cases.stream();
    }

    /** Some ECDSA groups carry no JWK (edge-case points): build it from wx/wy. */
    private static String keyJson(JsonNode group, String keyField) {
        if (group.has(keyField)) {
            return group.get(keyField).toString();
        }
        JsonNode pub = group.get("publicKey");
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + coordinate(pub.get("wx").asText())
                + "\",\"y\":\"" + coordinate(pub.get("wy").asText()) + "\"}";
    }

    private static String coordinate(String hex) {
        byte[] raw = new java.math.BigInteger(hex, 16).toByteArray();
        byte[] fixed = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, fixed, 32 - n, n);
        return TestTokens.b64(fixed);
    }

    @ParameterizedTest
    @MethodSource("ecdsaCases")
    void verifySignatureWhenEs256P1363VectorThenExpectedResult(String keyJson, String msg, String sig, String result)
            throws Exception {
        assertRaw(JWSAlgorithm.ES256, keyJson, msg, sig, result);
    }

    @ParameterizedTest
    @MethodSource("rsaCases")
    void verifySignatureWhenRsa2048Sha256VectorThenExpectedResult(String keyJson, String msg, String sig, String result)
            throws Exception {
        assertRaw(JWSAlgorithm.RS256, keyJson, msg, sig, result);
    }

    private static void assertRaw(JWSAlgorithm alg, String keyJson, String msg, String sig, String result)
            throws Exception {
        // Through KeySets, as keys from a JWKS endpoint would come: an unusable key verifies nothing.
        List<JWK> keys = KeySets.parse("{\"keys\":[" + keyJson + "]}").orElseThrow().getKeys();
        JWK key = keys.isEmpty() ? null : keys.get(0);
        boolean ok = key != null && JwsSignatureLayer.verifySignature(alg, key, HexFormat.of().parseHex(msg),
                Base64URL.encode(HexFormat.of().parseHex(sig)));
        if (!result.equals("acceptable")) {
            assertThat(ok).isEqualTo(result.equals("valid"));
        }
    }
}
