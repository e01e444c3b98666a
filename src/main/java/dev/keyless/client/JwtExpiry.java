package dev.keyless.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a JWT's {@code exp} without verifying the signature: the helper only needs to tell the client
 * library how long it may cache the token; the STS does the verification. (Nimbus stays in
 * {@code oidc}/{@code keys}, so this decodes the payload itself.)
 */
public final class JwtExpiry {
    private JwtExpiry() {}

    /** Empty when the text is not a compact JWS or its payload has no integer {@code exp} (RFC 7519 §4.1.4). */
    public static OptionalLong of(String compactJwt) {
        String[] parts = compactJwt.split("\\.", -1);
        if (parts.length != 3) {
            return OptionalLong.empty();
        }
        return payload(parts[1])
                .map(p -> p.get("exp"))
                .filter(exp -> exp != null && exp.canConvertToLong() && exp.isIntegralNumber())
                .map(exp -> OptionalLong.of(exp.asLong()))
                .orElse(OptionalLong.empty());
    }

    private static Optional<JsonNode> payload(String part) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            return Optional.of(UntrustedJson.readObject(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | MalformedJsonException e) {
            return Optional.empty();
        }
    }
}
