package dev.keyless.oidc;

import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A compact JWS split and decoded but not yet trusted. {@code headerJson} is the parsed protected
 * header; {@code payload} the raw payload bytes (not necessarily JSON: Wycheproof payloads are not).
 */
record ParsedJws(Map<String, Object> headerJson, String headerB64, String payloadB64, byte[] payload,
        Base64URL signature) {

    ParsedJws {
        Objects.requireNonNull(headerJson, "headerJson");
        Objects.requireNonNull(headerB64, "headerB64");
        Objects.requireNonNull(payloadB64, "payloadB64");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
    }

    /** RFC 7515 §5.2 step 8: the signature covers ASCII(BASE64URL(header) '.' BASE64URL(payload)). */
    byte[] signingInput() {
        return (headerB64 + '.' + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }

    String alg() {
        return (String) headerJson.get("alg");
    }

    String kid() {
        return headerJson.get("kid") instanceof String s ? s : null;
    }
}
