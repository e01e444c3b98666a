package dev.keyless.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds signed test tokens with any header and claims, including malformed ones. */
final class TestTokens {

    static final String ISSUER = "https://gitlab.example.com";

    private TestTokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    static Map<String, Object> claims(long now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", ISSUER);
        c.put("sub", "project_path:acme/app:ref_type:branch:ref:main");
        c.put("aud", "sts.amazonaws.com");
        c.put("jti", "jti-1");
        c.put("iat", now);
        c.put("nbf", now);
        c.put("exp", now + 300);
        return c;
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        if (kid != null) {
            h.put("kid", kid);
        }
        h.put("typ", "JWT");
        return h;
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Signs header and claims (serialised as given) with {@code key}; alg is taken from the header. */
    static String sign(Map<String, Object> header, Map<String, Object> claims, JWK key) {
        return signRaw(JSONObjectUtils.toJSONString(header), JSONObjectUtils.toJSONString(claims), key);
    }

    static String signRaw(String headerJson, String payloadJson, JWK key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + signature(input, JWSAlgorithm.parse((String) parse(headerJson).get("alg")), key);
    }

    static String signature(String signingInput, JWSAlgorithm alg, JWK key) {
        try {
            JWSHeader h = new JWSHeader(alg);
            byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
            return switch (key) {
                case RSAKey r -> new RSASSASigner(r).sign(h, input).toString();
                case ECKey e -> new ECDSASigner(e).sign(h, input).toString();
                default -> throw new IllegalArgumentException("unsupported key");
            };
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC over the signing input with arbitrary key bytes (the key-confusion attack). */
    static String hmac(String headerJson, String payloadJson, byte[] secret) {
        try {
            String input = b64(headerJson) + "." + b64(payloadJson);
            byte[] padded = secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
            return input + "." + new MACSigner(padded).sign(new JWSHeader(JWSAlgorithm.HS256),
                    input.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String json(Map<String, Object> map) {
        return JSONObjectUtils.toJSONString(map);
    }
}
